/**
 * How a problem's embed is found again in a message it shares with other embeds: a mark of its text.
 */
import type { DiscordEmbed } from "../discord/schemas.js";

/**
 * A short mark of an embed's text (title, description, fields), which Discord gives back verbatim: it finds the
 * problem's embed in a message (colours, timestamps and images are left out: Discord rewrites some).
 */
export function embedMark(embed: DiscordEmbed): string {
  const text = JSON.stringify([embed.title ?? "", embed.description ?? "", (embed.fields ?? []).map((f) => [f.name, f.value])]);
  // FNV-1a, 32 bits, twice: a mark, not a security boundary.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x0100019d) >>> 0;
  }
  return `${base36(a)}.${base36(b)}`;
}

const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";

/** `n.toString(36)` of an unsigned 32-bit `n`, faster than the engine's general radix conversion. */
function base36(n: number): string {
  let out = "";
  do {
    out = DIGITS.charAt(n % 36) + out;
    n = Math.floor(n / 36);
  } while (n > 0);
  return out;
}
