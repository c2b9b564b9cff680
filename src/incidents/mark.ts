/**
 * How a problem's embed is found again in a message it shares with other embeds: a mark of its text.
 */
import type { DiscordEmbed } from "../discord/schemas.js";

/**
 * A short mark of an embed's text (title, description, fields), which Discord gives back verbatim: it finds the
 * problem's embed in a message (colours, timestamps and images are left out: Discord rewrites some). It hashes the
 * text `JSON.stringify([title, description, fields as [name, value] pairs])` would give, without building it (one edit
 * of a busy incident marks an embed or two): marks stay equal to the ones earlier versions kept in Redis.
 */
export function embedMark(embed: DiscordEmbed): string {
  const title = embed.title ?? "";
  const description = embed.description ?? "";
  const fields = embed.fields ?? [];
  // Anything but text (an embed that skipped validation) is hashed from the JSON text itself.
  if (typeof title !== "string" || typeof description !== "string" || !allText(fields)) {
    const text = JSON.stringify([title, description, fields.map((f) => [f.name, f.value])]);
    return hashText(text);
  }
  // `["title","description",[["name","value"],...]]`: brackets, commas and quotes, then each string as JSON writes it.
  let length = 6 + quotedLength(title) + quotedLength(description) + Math.max(0, fields.length - 1);
  for (const f of fields) length += 3 + quotedLength(f.name) + quotedLength(f.value);
  const h = start(length);
  feed(h, 0x5b); // [
  feedQuoted(h, title);
  feed(h, 0x2c); // ,
  feedQuoted(h, description);
  feed(h, 0x2c);
  feed(h, 0x5b);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f === undefined) continue; // not after allText
    if (i > 0) feed(h, 0x2c);
    feed(h, 0x5b);
    feedQuoted(h, f.name);
    feed(h, 0x2c);
    feedQuoted(h, f.value);
    feed(h, 0x5d); // ]
  }
  feed(h, 0x5d);
  feed(h, 0x5d);
  return finish(h);
}

/** Whether every field is there with a text name and value (`every` would skip the holes of a sparse array). */
function allText(fields: NonNullable<DiscordEmbed["fields"]>): boolean {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f === undefined || typeof f.name !== "string" || typeof f.value !== "string") return false;
  }
  return true;
}

/** FNV-1a, 32 bits, twice (the second seeded with the text's length): a mark, not a security boundary. */
interface Hash {
  a: number;
  b: number;
}

/** The multipliers of the two hashes (FNV's 32-bit prime, and a second odd one). */
const PRIME_A = 0x01000193;
const PRIME_B = 0x0100019d;

const start = (length: number): Hash => ({ a: 0x811c9dc5, b: PRIME_A ^ length });

function feed(h: Hash, c: number): void {
  h.a = Math.imul(h.a ^ c, PRIME_A) >>> 0;
  h.b = Math.imul(h.b ^ c, PRIME_B) >>> 0;
}

/** Feeds the code units `from` to `to` of `s`, the state in locals (one write back, not two per code unit). */
function feedRange(h: Hash, s: string, from: number, to: number): void {
  let { a, b } = h;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, PRIME_A) >>> 0;
    b = Math.imul(b ^ c, PRIME_B) >>> 0;
  }
  h.a = a;
  h.b = b;
}

const finish = (h: Hash): string => `${base36(h.a)}.${base36(h.b)}`;

function hashText(text: string): string {
  const h = start(text.length);
  feedRange(h, text, 0, text.length);
  return finish(h);
}

/** The short escapes of JSON.stringify, by code unit (0: none). */
const SHORT: Record<number, number> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72, 0x22: 0x22, 0x5c: 0x5c };

/**
 * How JSON.stringify writes the code unit at `i` of `s`: 0 as itself, 1 as a surrogate pair with the next (both as
 * themselves), 2 as a short escape (`\n`), 6 as `\u` and four hex digits (a control character or a lone surrogate).
 */
function kind(s: string, i: number): 0 | 1 | 2 | 6 {
  const c = s.charCodeAt(i);
  if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff)) return 0;
  if (c < 0xd800) return SHORT[c] === undefined ? 6 : 2;
  const next = s.charCodeAt(i + 1);
  return c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 1 : 6;
}

/** The length of `s` as JSON.stringify writes it, quotes included. */
function quotedLength(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const k = kind(s, i);
    if (k === 1) {
      n += 2;
      i++;
    } else n += k === 0 ? 1 : k;
  }
  return n;
}

const HEX = "0123456789abcdef";

/** Feeds `s` as JSON.stringify writes it, quotes included: runs of code units written as themselves at once. */
function feedQuoted(h: Hash, s: string): void {
  feed(h, 0x22);
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const k = kind(s, i);
    if (k === 0) continue;
    if (k === 1) {
      i++; // a surrogate pair, written as itself: the run goes on
      continue;
    }
    feedRange(h, s, run, i);
    const c = s.charCodeAt(i);
    const escape = k === 2 ? `\\${String.fromCharCode(SHORT[c] ?? 0)}` : `\\u${HEX.charAt((c >> 12) & 0xf)}${HEX.charAt((c >> 8) & 0xf)}${HEX.charAt((c >> 4) & 0xf)}${HEX.charAt(c & 0xf)}`;
    feedRange(h, escape, 0, escape.length);
    run = i + 1;
  }
  feedRange(h, s, run, s.length);
  feed(h, 0x22);
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
