/**
 * embedMark hashes the text JSON.stringify would give without building it: its marks must equal the ones computed
 * from that text (as earlier versions did, and as records kept in Redis hold them).
 */
import { describe, expect, it } from "vitest";
import type { DiscordEmbed } from "../../src/discord/schemas.js";
import { embedMark } from "../../src/incidents/mark.js";

/** The mark as earlier versions computed it: FNV-1a twice over the JSON text, in base 36. */
function fromJson(embed: DiscordEmbed): string {
  const text = JSON.stringify([embed.title ?? "", embed.description ?? "", (embed.fields ?? []).map((f) => [f.name, f.value])]);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x0100019d) >>> 0;
  }
  return `${a.toString(36)}.${b.toString(36)}`;
}

/** A seeded generator (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Text with what JSON escapes: quotes, backslashes, every control character, lone and paired surrogates, emoji. */
function text(next: () => number): string {
  const pieces = ['"', "\\", "\n", "\t", "\r", "\b", "\f", "\u0000", "\u001f", "\u007f", "\ud83d\udca5", "\ud800", "\udfff", "é", "**mc\\-1**", "a", " ", "\u2028"];
  let out = "";
  const n = Math.floor(next() * 12);
  for (let i = 0; i < n; i++) out += next() < 0.3 ? String.fromCharCode(Math.floor(next() * 0x10000)) : (pieces[Math.floor(next() * pieces.length)] ?? "");
  return out;
}

describe("embedMark", () => {
  it("equals the mark of the JSON text for 20,000 embeds of every kind of text", () => {
    const next = random(0x5eed);
    for (let i = 0; i < 20_000; i++) {
      const embed: DiscordEmbed = {};
      if (next() < 0.8) embed.title = text(next);
      if (next() < 0.8) embed.description = text(next);
      if (next() < 0.6) embed.fields = Array.from({ length: Math.floor(next() * 4) }, () => ({ name: text(next), value: text(next) }));
      expect(embedMark(embed), JSON.stringify(embed)).toBe(fromJson(embed));
    }
  });

  it("marks an embed as earlier versions did (a record kept in Redis still finds its embed)", () => {
    const embed = { title: "💥 Server crashed", description: "**mc\\-1** is now **crashed**.", fields: [{ name: "State", value: "Crashed" }] };
    expect(embedMark(embed)).toBe(fromJson(embed));
    expect(embedMark({})).toBe(fromJson({}));
  });

  it("an embed that skipped validation (a field without text, a sparse list) is marked from its JSON text", () => {
    const odd = { title: "t", fields: [{ name: 1, value: null }] } as unknown as DiscordEmbed;
    expect(embedMark(odd)).toBe(fromJson(odd));
    const fields = [{ name: "a", value: "b" }];
    fields[2] = { name: "c", value: "d" };
    const sparse: DiscordEmbed = { title: "t", fields };
    expect(embedMark(sparse)).toBe(fromJson(sparse));
  });
});
