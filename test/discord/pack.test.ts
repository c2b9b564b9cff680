import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { embedLength, messageSchema, packBy, packEmbeds, type DiscordEmbed } from "../../src/discord/index.js";

const MAX_EMBEDS = 10;
const MAX_CHARS = 6000;

/** Fewest groups for an order-kept split, by dynamic programming over every cut: the reference for greedy. */
function minimalGroupCount(lengths: readonly number[]): number {
  const best: number[] = [0];
  for (let end = 1; end <= lengths.length; end++) {
    let fewest = Number.POSITIVE_INFINITY;
    let chars = 0;
    for (let start = end - 1; start >= 0 && end - start <= MAX_EMBEDS; start--) {
      chars += lengths[start]!;
      if (chars > MAX_CHARS && start < end - 1) break;
      fewest = Math.min(fewest, best[start]! + 1);
    }
    best.push(fewest);
  }
  return best[lengths.length]!;
}

const textArb = (max: number) =>
  fc
    .tuple(fc.integer({ min: 1, max }), fc.constantFrom("a", "🔥", "é"))
    .map(([n, unit]) => unit.repeat(n));

/** Embeds of very different sizes, each valid on its own (at most 256 + 4096 + 256 + 1024 = 5632 characters). */
const embedArb: fc.Arbitrary<DiscordEmbed> = fc.record(
  {
    title: textArb(256),
    description: fc.oneof(textArb(40), textArb(4096)),
    fields: fc.array(fc.record({ name: textArb(256), value: textArb(1024) }), { minLength: 1, maxLength: 1 }),
  },
  { requiredKeys: ["title"] },
);

describe("packEmbeds", () => {
  it("returns no groups for no embeds", () => {
    expect(packEmbeds([])).toEqual([]);
  });

  it("keeps up to 10 small embeds in one message and starts a new one at 11", () => {
    const embeds = Array.from({ length: 23 }, (_, i) => ({ title: `#${i}` }));
    expect(packEmbeds(embeds).map((g) => g.length)).toEqual([10, 10, 3]);
  });

  it("starts a new message when the next embed would pass 6000 characters", () => {
    const embeds = [{ description: "a".repeat(4000) }, { description: "b".repeat(2000) }, { description: "c" }];
    expect(packEmbeds(embeds).map((g) => g.length)).toEqual([2, 1]);
    expect(packEmbeds([{ description: "a".repeat(4000) }, { description: "b".repeat(2001) }]).map((g) => g.length)).toEqual([1, 1]);
  });

  it("counts emoji as one character, as Discord does", () => {
    const embeds = [{ description: "🔥".repeat(3000) }, { description: "🔥".repeat(3000) }];
    expect(packEmbeds(embeds)).toHaveLength(1);
  });

  it("gives an embed that alone exceeds the limit a group of its own", () => {
    const huge = { description: "x".repeat(4096), title: "t".repeat(256), footer: { text: "f".repeat(2048) } };
    const groups = packEmbeds([{ title: "a" }, huge, { title: "b" }]);
    expect(groups).toEqual([[{ title: "a" }], [huge], [{ title: "b" }]]);
    expect(messageSchema.safeParse({ embeds: groups[1] }).success).toBe(false);
  });

  it("honours custom limits", () => {
    const embeds = Array.from({ length: 5 }, () => ({ title: "abc" }));
    expect(packEmbeds(embeds, { maxEmbeds: 2 }).map((g) => g.length)).toEqual([2, 2, 1]);
    expect(packEmbeds(embeds, { maxChars: 7 }).map((g) => g.length)).toEqual([2, 2, 1]);
  });

  it("packBy groups items by the embed they carry and returns the items", () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ id: i, embed: { title: "t" } }));
    const groups = packBy(items, (item) => item.embed);
    expect(groups.map((g) => g.map((item) => item.id))).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11]]);
  });

  it("splits random embeds into valid messages, in order, as few as possible (property)", () => {
    fc.assert(
      fc.property(fc.array(embedArb, { maxLength: 30 }), (embeds) => {
        const groups = packEmbeds(embeds);
        for (const group of groups) {
          expect(group.length).toBeGreaterThan(0);
          expect(messageSchema.safeParse({ embeds: group }).success).toBe(true);
        }
        // Same objects, same order, nothing lost or repeated.
        const flat = groups.flat();
        expect(flat).toHaveLength(embeds.length);
        flat.forEach((embed, i) => {
          expect(embed).toBe(embeds[i]);
        });
        expect(groups).toHaveLength(minimalGroupCount(embeds.map(embedLength)));
      }),
      { numRuns: 150 },
    );
  });

  it("the reference itself agrees on hand-checked cases", () => {
    expect(minimalGroupCount([])).toBe(0);
    expect(minimalGroupCount(Array.from({ length: 20 }, () => 1))).toBe(2);
    expect(minimalGroupCount([4000, 2000, 1, 5999, 1])).toBe(3);
    expect(minimalGroupCount([7000, 1])).toBe(2);
  });
});
