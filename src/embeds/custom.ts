import * as z from "zod";
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import { truncate } from "../discord/text.js";
import { parseOrThrow } from "../discord/validate.js";
import { head, isBlank } from "./format.js";
import { finishEmbed } from "./build.js";
import { baseInputShape, httpUrlSchema, longTextSchema, requiredTextSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type ColorName, type EmbedOptions } from "./shared.js";

const colorNames = Object.keys(COLORS) as [ColorName, ...ColorName[]];

/** Input of {@link custom}: an embed of your own, checked against Discord's rules. */
export const customEmbedInputSchema = z
  .object({
    title: textSchema().optional(),
    description: longTextSchema.optional(),
    url: httpUrlSchema.optional(),
    /** An integer 0-16777215 (0xRRGGBB) or a palette name of `COLORS`; defaults to `COLORS.info`. */
    color: z.union([z.number().int().min(0).max(L.colorMax), z.enum(colorNames)]).optional(),
    fields: z
      .array(z.object({ name: requiredTextSchema, value: requiredTextSchema, inline: z.boolean().optional() }))
      .max(L.embedFields)
      .optional(),
    author: z
      .object({ name: requiredTextSchema, url: httpUrlSchema.optional(), iconUrl: httpUrlSchema.optional() })
      .optional(),
    thumbnailUrl: httpUrlSchema.optional(),
    imageUrl: httpUrlSchema.optional(),
    ...baseInputShape,
  })
  .refine(
    (e) =>
      [e.title, e.description].some((t) => t !== undefined && !isBlank(t)) ||
      (e.fields?.length ?? 0) > 0 ||
      e.author !== undefined ||
      e.thumbnailUrl !== undefined ||
      e.imageUrl !== undefined,
    "an embed needs a title, description, field, author, thumbnail or image",
  )
  .refine(...totalTextCap);

/** Input of {@link custom}. Equal to `z.input<typeof customEmbedInputSchema>` (a type test keeps them in step). */
export interface CustomEmbedInput {
  /** The embed's title. At least one of title, description, fields, author, thumbnail or image is needed. */
  title?: string;
  /** The embed's text (Markdown). */
  description?: string;
  /** Link of the title (an http(s) URL). */
  url?: string;
  /** An integer 0-16777215 (0xRRGGBB) or a palette name of `COLORS`. Default `COLORS.info`. */
  color?: number | ColorName;
  /** Up to 25 fields; `inline` fields sit side by side. Names and values must not be blank. */
  fields?: { name: string; value: string; inline?: boolean }[];
  /** The author line: a name (not blank), with an optional link and icon (http(s) URLs). */
  author?: { name: string; url?: string; iconUrl?: string };
  /** http(s) URL of a small image at the top right. */
  thumbnailUrl?: string;
  /** http(s) URL of a large image below the text. */
  imageUrl?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

/** Caller text, cleaned and cut; markdown is kept because the caller wrote it. */
const clean = (text: string, max: number) => truncate(head(text, max), max);

/**
 * An embed of your own (CUSTOM webhooks). Structure is validated (at most 25 fields, non-empty field names and
 * values, http(s) URLs, colour range, something to show); text is cut to Discord's limits and the 6000-character
 * total, description first. Markdown renders as written: escape user-provided parts with `escapeMarkdown`.
 *
 * @example
 * ```ts
 * embeds.custom({ title: "Deploy finished", color: "success", fields: [{ name: "Version", value: "1.4.2", inline: true }] })
 * ```
 */
export function custom(input: CustomEmbedInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(customEmbedInputSchema, input, "custom embed input");
  const color = typeof data.color === "string" ? COLORS[data.color] : (data.color ?? COLORS.info);
  const author = data.author && {
    name: clean(data.author.name, L.authorName),
    ...(data.author.url === undefined ? {} : { url: new URL(data.author.url).href }),
    ...(data.author.iconUrl === undefined ? {} : { icon_url: new URL(data.author.iconUrl).href }),
  };
  return finishEmbed(
    {
      title: data.title === undefined ? "" : clean(data.title, L.embedTitle),
      color,
      url: data.url,
      description: data.description === undefined ? undefined : clean(data.description, L.embedDescription),
      fields: data.fields?.map((f) => ({
        name: clean(f.name, L.fieldName),
        value: clean(f.value, L.fieldValue),
        ...(f.inline === undefined ? {} : { inline: f.inline }),
      })),
      ...(author ? { author } : {}),
      ...(data.thumbnailUrl === undefined ? {} : { thumbnail: { url: new URL(data.thumbnailUrl).href } }),
      ...(data.imageUrl === undefined ? {} : { image: { url: new URL(data.imageUrl).href } }),
    },
    data.timestamp,
    options,
  );
}
