import * as z from "zod";
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { discordLength, replaceLoneSurrogates } from "../discord/text.js";
import { forbiddenUsernameWord, isHttpUrl, USERNAME_WORD_MESSAGE } from "../discord/rules.js";
import { formatCount, isBlank } from "./format.js";

/** Schema pieces the builders' inputs share: URLs, required text, timestamps, branding, length caps. */

/**
 * The most a builder input accepts; more is refused with a `ValidationError` before any other work. Builders read
 * only the beginning of the text they show (Discord shows at most 4,096 code points of a description), so these caps
 * bound the work of checking an input, not of formatting it; they are far above anything Discord would show.
 * Text caps count Unicode code points (as zod and Discord do); `total` counts UTF-16 units (JavaScript's `.length`).
 * A 1 MB message builds, cut to what Discord shows.
 */
export const INPUT_LIMITS = {
  /** A body text: a ticket's or alert's `message`, a custom embed's `description`, an `error` (string or message). */
  longText: 2_000_000,
  /** Any other text: names, titles, subjects, ids, reasons, details, users, URLs, branding. */
  text: 100_000,
  /** Entries of a list input such as `settingsUpdate`'s `changedFields` (custom embeds: Discord's 25 fields). */
  listItems: 10_000,
  /** All text of one input together (every string, list entry and error message), in UTF-16 units. */
  total: 2_500_000,
} as const;

/** Free text of at most `max` characters (code points); a longer one is refused before its other checks run. */
export function textSchema(max: number = INPUT_LIMITS.text): z.ZodString {
  return z.string().max(max, { error: `must be at most ${formatCount(max)} characters`, abort: true });
}

/** A body text: at most {@link INPUT_LIMITS}.longText characters. */
export const longTextSchema = textSchema(INPUT_LIMITS.longText);

/** What a builder accepts as an error: an `Error` or a body text (an `Error`'s message is capped like one). */
export const errorInputSchema = z.union([
  z
    .instanceof(Error)
    .refine(
      (e) => typeof e.message !== "string" || e.message.length <= INPUT_LIMITS.longText,
      `message must be at most ${formatCount(INPUT_LIMITS.longText)} characters`,
    ),
  longTextSchema,
]);

/** UTF-16 units of text in a parsed input: its strings, list entries and error messages, nested a few levels. */
export function textLength(value: unknown, depth = 0): number {
  if (typeof value === "string") return value.length;
  if (value instanceof Error) return typeof value.message === "string" ? value.message.length : 0;
  if (depth > 3 || typeof value !== "object" || value === null || value instanceof Date) return 0;
  let n = 0;
  for (const item of Array.isArray(value) ? value : Object.values(value)) n += textLength(item, depth + 1);
  return n;
}

/**
 * Arguments of `.refine` that refuse an input whose text together is over {@link INPUT_LIMITS}.total (checked only
 * when every field passed, so a field over its own cap is reported once).
 */
export const totalTextCap = [
  (value: unknown): boolean => textLength(value) <= INPUT_LIMITS.total,
  {
    error: `must hold at most ${formatCount(INPUT_LIMITS.total)} characters of text in all`,
    when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
  },
] as const;

/** An absolute http(s) URL, trimmed (what is sent is the trimmed URL). */
export const httpUrlSchema = textSchema().trim().refine(isHttpUrl, "must be an http(s) URL");

/** Text that must have something to show once trimmed. */
export const requiredTextSchema = textSchema().refine((s) => !isBlank(s), "must not be empty");

/** A point in time: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. */
export const timestampSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.number()])
  .refine((value) => toIsoTimestamp(value) !== undefined, "must be a valid date between the years 0 and 9999");

/** Checks {@link Branding}: http(s) icon URLs and a username Discord accepts. */
export const brandingSchema = z.object({
  footer: textSchema().optional(),
  footerIconUrl: httpUrlSchema.optional(),
  username: textSchema()
    .refine((s) => replaceLoneSurrogates(s) === s, "must not contain lone surrogates")
    .refine((s) => discordLength(s) >= L.usernameMin && discordLength(s) <= L.usernameMax, "must be 1-80 characters")
    .refine((s) => forbiddenUsernameWord(s) === undefined, USERNAME_WORD_MESSAGE)
    .optional(),
  avatarUrl: httpUrlSchema.optional(),
});

/** Fields every builder input accepts. */
export const baseInputShape = {
  /** When it happened. Without it the builder asks `options.now`. */
  timestamp: timestampSchema.optional(),
};

/** ISO string of a date-like value, or `undefined` when it is not a date Discord accepts. */
export function toIsoTimestamp(value: unknown): string | undefined {
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === "number" || typeof value === "string") date = new Date(value);
  else return undefined;
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 0 || year > 9999) return undefined;
  return date.toISOString();
}

