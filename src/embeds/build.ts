import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { embedLength, type DiscordEmbed, type DiscordEmbedField } from "../discord/schemas.js";
import { truncate } from "../discord/text.js";
import { parseOrThrow } from "../discord/validate.js";
import { ValidationError } from "../errors.js";
import { fitTotal } from "./fit.js";
import { head, isBlank } from "./format.js";
import { brandingSchema, toIsoTimestamp } from "./inputs.js";
import { ownProperty } from "../own.js";
import type { Branding, EmbedOptions } from "./shared.js";

// The step every builder ends with: a draft (already formatted text) becomes a finished embed with footer,
// timestamp and a description written into what is left of Discord's 6000-character budget.

/** An embed field, or nothing when the value has nothing to show. Short fields are inline. */
export function field(name: string, value: string | undefined, inline = true): DiscordEmbedField | undefined {
  if (value === undefined || isBlank(value)) return undefined;
  return { name: truncate(name, L.fieldName), value: truncate(value, L.fieldValue), inline };
}

/** A field for optional user text: nothing when `raw` is absent or blank, else `render(raw)`. */
export function userField(
  name: string,
  raw: string | undefined,
  render: (text: string) => string,
  inline = true,
): DiscordEmbedField | undefined {
  return raw === undefined || isBlank(raw) ? undefined : field(name, render(raw), inline);
}

/** What a builder produces before the shared finishing step. Text in it is already formatted. */
export interface EmbedDraft {
  title: string;
  color: number;
  url?: string | undefined;
  fields?: readonly (DiscordEmbedField | undefined)[];
  /** A description, or a function that writes one in at most `max` code points (what the budget leaves). */
  description?: string | ((max: number) => string | undefined);
  author?: DiscordEmbed["author"];
  thumbnail?: DiscordEmbed["thumbnail"];
  image?: DiscordEmbed["image"];
}

/**
 * Finishes a draft: footer from branding, timestamp from the input or the injected clock, description written
 * into what is left of Discord's 6000-character budget, and a last fitting pass that keeps every limit.
 */
export function finishEmbed(draft: EmbedDraft, timestamp: unknown, given: EmbedOptions | undefined): DiscordEmbed {
  // Own properties only: a `branding` or `now` inherited from a polluted Object.prototype is not an option.
  const options: EmbedOptions = { branding: ownProperty(given, "branding") as Branding | undefined, now: ownProperty(given, "now") as EmbedOptions["now"] };
  const branding = options.branding ? parseOrThrow(brandingSchema, options.branding, "embed options.branding") : undefined;
  const title = truncate(draft.title, L.embedTitle);
  const fields = (draft.fields ?? []).filter((f): f is DiscordEmbedField => f !== undefined).slice(0, L.embedFields);
  const footerText = branding?.footer === undefined ? "" : truncate(head(branding.footer, L.footerText), L.footerText);
  const footer: DiscordEmbed["footer"] = footerText === "" ? undefined : { text: footerText };
  if (footer && branding?.footerIconUrl !== undefined) footer.icon_url = new URL(branding.footerIconUrl).href;
  const iso = resolveTimestamp(timestamp, options);

  const max = Math.min(L.embedDescription, L.embedTotal - embedLength({ title, fields, footer, author: draft.author }));
  const written = typeof draft.description === "function" ? draft.description(max) : draft.description;
  const description = written === undefined || max <= 0 ? "" : truncate(written, max);

  // Built in reading order, with only the keys that have content.
  const embed: DiscordEmbed = {};
  if (title !== "") embed.title = title;
  if (description !== "") embed.description = description;
  if (draft.url !== undefined) embed.url = new URL(draft.url).href;
  embed.color = draft.color;
  if (fields.length > 0) embed.fields = fields;
  if (draft.author) embed.author = draft.author;
  if (draft.thumbnail) embed.thumbnail = draft.thumbnail;
  if (draft.image) embed.image = draft.image;
  if (footer) embed.footer = footer;
  if (iso !== undefined) embed.timestamp = iso;
  return fitTotal(embed);
}

function resolveTimestamp(timestamp: unknown, options: EmbedOptions): string | undefined {
  if (timestamp !== undefined) return toIsoTimestamp(timestamp);
  if (options.now === undefined) return undefined;
  const iso = toIsoTimestamp(options.now());
  if (iso === undefined) {
    throw new ValidationError("embed options", [{ path: "now", message: "must return a valid Date between the years 0 and 9999" }]);
  }
  return iso;
}
