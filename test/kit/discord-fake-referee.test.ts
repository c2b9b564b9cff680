import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { messageSchema } from "../../src/index.js";
import { validateMessage } from "../../src/testing/discord-fake/validate.js";

// Texts are mostly short, sometimes right around a limit, built from ASCII, accented and astral characters (one
// code point, two UTF-16 units) and spaces, so counting code points after trimming is exercised on both sides.
const piece = fc.constantFrom("a", "é", "😀", "𝒳", " ");
const around = (limit: number) =>
  fc
    .integer({ min: Math.max(1, limit - 2), max: limit + 2 })
    .chain((n) => fc.array(piece, { minLength: n, maxLength: n }).map((parts) => parts.join("")));
const text = (limit: number) =>
  fc.oneof({ weight: 3, arbitrary: fc.constantFrom("ok", " 😀 ", "é") }, { weight: 1, arbitrary: around(limit) });

const field = fc.record({ name: text(256), value: text(1024) });
const embed = fc.record(
  {
    title: text(256),
    description: text(4096),
    footer: fc.record({ text: text(2048) }),
    author: fc.record({ name: text(256) }),
    fields: fc.oneof(fc.array(field, { minLength: 1, maxLength: 3 }), fc.array(field, { minLength: 25, maxLength: 26 })),
  },
  { requiredKeys: ["title"] },
);
const message = fc.record(
  {
    content: text(2000),
    username: fc.oneof(text(80), fc.constantFrom("Discord Bot", "clyde", "Acme")),
    embeds: fc.array(embed, { minLength: 1, maxLength: 11 }),
  },
  { requiredKeys: [] },
);

describe("discord fake as a referee", () => {
  it("agrees with the package's messageSchema on Discord's length and count limits", () => {
    fc.assert(
      fc.property(message, (body) => {
        expect(validateMessage(body) === null).toBe(messageSchema.safeParse(body).success);
      }),
      { numRuns: 150 },
    );
  });
});
