import { DISCORD_LIMITS } from "./limits.js";
import { embedLength, type DiscordEmbed } from "./schemas.js";

/** Limits for {@link packEmbeds}; Discord's by default. */
export interface PackOptions {
  /** Most embeds in one message. Default 10. */
  maxEmbeds?: number;
  /** Most embed characters in one message. Default 6000. */
  maxChars?: number;
}

/**
 * Splits embeds into as few messages as possible, order kept: each group has at most 10 embeds and 6000
 * characters. Greedy filling is optimal when order must be kept. An embed that alone exceeds the limit gets a
 * group of its own (the message schema then rejects it).
 *
 * @example
 * ```ts
 * packEmbeds(embeds).map((group) => ({ embeds: group }))
 * ```
 */
export function packEmbeds<E extends DiscordEmbed>(embeds: readonly E[], options: PackOptions = {}): E[][] {
  return packBy(embeds, (e) => e, options);
}

/** Like {@link packEmbeds} for items that carry an embed (e.g. queued deliveries); returns groups of items. */
export function packBy<T>(items: readonly T[], embedOf: (item: T) => DiscordEmbed, options: PackOptions = {}): T[][] {
  // One item is one group whatever its length (a lane with one delivery queued, the usual case): nothing to measure.
  if (items.length <= 1) return items.length === 0 ? [] : [[...items]];
  const maxEmbeds = options.maxEmbeds ?? DISCORD_LIMITS.embedsPerMessage;
  const maxChars = options.maxChars ?? DISCORD_LIMITS.embedTotal;
  const groups: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const item of items) {
    const len = embedLength(embedOf(item));
    if (current.length > 0 && (current.length >= maxEmbeds || chars + len > maxChars)) {
      groups.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += len;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
