import * as z from "zod";
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { discordLength, replaceLoneSurrogates } from "../discord/text.js";
import { isBlank } from "./format.js";

/** Schema pieces the builders' inputs share: URLs, required text, timestamps, branding. */

/** True for an absolute http(s) URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** An absolute http(s) URL. */
export const httpUrlSchema = z.string().refine(isHttpUrl, "must be an http(s) URL");

/** Text that must have something to show once trimmed. */
export const requiredTextSchema = z.string().refine((s) => !isBlank(s), "must not be empty");

/** A point in time: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. */
export const timestampSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.number()])
  .refine((value) => toIsoTimestamp(value) !== undefined, "must be a valid date between the years 0 and 9999");

/** Checks {@link Branding}: http(s) icon URLs and a username Discord accepts. */
export const brandingSchema = z.object({
  footer: z.string().optional(),
  footerIconUrl: httpUrlSchema.optional(),
  username: z
    .string()
    .refine((s) => replaceLoneSurrogates(s) === s, "must not contain lone surrogates")
    .refine((s) => discordLength(s) >= L.usernameMin && discordLength(s) <= L.usernameMax, "must be 1-80 characters")
    .refine((s) => !/discord|clyde/i.test(s), 'must not contain "discord" or "clyde"')
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

