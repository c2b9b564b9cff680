import { EmbedBuilder, embedLength as djsEmbedLength } from "@discordjs/builders";
import { expect } from "vitest";
import { embedLength, embedSchema, type DiscordEmbed } from "../../src/discord/schemas.js";
import { embeds, type EmbedOptions, type EventName } from "../../src/embeds/index.js";
import { ValidationError } from "../../src/errors.js";

/** Calls a builder with input that may not match its type (for error cases and generated input). */
export function build(name: EventName, input: unknown, options?: EmbedOptions): DiscordEmbed {
  const fn = embeds[name] as (input: unknown, options?: EmbedOptions) => DiscordEmbed;
  return fn(input, options);
}

/** Runs `fn`, expects a ValidationError naming every path in `paths`, and returns it. */
export function expectValidationError(fn: () => unknown, paths: readonly string[]): ValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ValidationError);
  const error = caught as ValidationError;
  expect(error.code).toBe("VALIDATION");
  const seen = error.issues.map((i) => i.path);
  for (const path of paths) {
    expect(seen).toContain(path);
    expect(error.message).toContain(`${path}:`);
  }
  return error;
}

/** discord.js counts UTF-16 units where Discord counts code points: map each astral code point to one unit. */
export function toBmp(text: string): string {
  return text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "x");
}

/**
 * The referees: our own schema, and @discordjs/builders' EmbedBuilder setters with validation on.
 * Throws (fails the test) when either rejects the embed or the total is over 6000.
 */
export function expectDiscordAccepts(embed: DiscordEmbed): void {
  const parsed = embedSchema.safeParse(embed);
  if (!parsed.success) throw new Error(`embedSchema rejected the embed: ${JSON.stringify(parsed.error.issues)}`);
  expect(embedLength(embed)).toBeLessThanOrEqual(6000);

  const builder = new EmbedBuilder();
  if (embed.title !== undefined) builder.setTitle(toBmp(embed.title));
  if (embed.description !== undefined) builder.setDescription(toBmp(embed.description));
  if (embed.url !== undefined) builder.setURL(embed.url);
  if (embed.color !== undefined) builder.setColor(embed.color);
  if (embed.fields) {
    builder.addFields(embed.fields.map((f) => ({ name: toBmp(f.name), value: toBmp(f.value), inline: f.inline })));
  }
  if (embed.footer) builder.setFooter({ text: toBmp(embed.footer.text), iconURL: embed.footer.icon_url });
  if (embed.author) builder.setAuthor({ name: toBmp(embed.author.name), url: embed.author.url, iconURL: embed.author.icon_url });
  if (embed.thumbnail) builder.setThumbnail(embed.thumbnail.url);
  if (embed.image) builder.setImage(embed.image.url);
  if (embed.timestamp !== undefined) builder.setTimestamp(new Date(embed.timestamp));
  expect(djsEmbedLength(builder.data)).toBeLessThanOrEqual(6000);
  // discord.js does not check emptiness of field names and values; Discord does, after Python's strip(), which
  // also strips U+001C-U+001F and U+0085 (JavaScript's trim() does not).
  const required = [...(embed.fields ?? []).flatMap((f) => [f.name, f.value]), ...(embed.footer ? [embed.footer.text] : [])];
  for (const text of required) expect(pythonStrip(text)).not.toBe("");
}

/** Python's str.strip() as Discord applies it: Unicode whitespace plus the information separators and NEL. */
export function pythonStrip(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are the point: Python strips them
  return text.replace(/^[\s\u001C-\u001F\u0085]+|[\s\u001C-\u001F\u0085]+$/g, "");
}

/** A fixed clock and branding for deterministic tests. */
export const FIXED_NOW = new Date("2026-01-02T03:04:05.000Z");
export const OPTIONS: EmbedOptions = {
  branding: { footer: "Example Hosting", footerIconUrl: "https://example.com/icon.png" },
  now: () => FIXED_NOW,
};
