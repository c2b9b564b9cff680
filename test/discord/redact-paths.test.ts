import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { redact } from "../../src/discord/index.js";

// Made-up id and token.
const ID = "123456789012345678";
const TOKEN = "Zq4-Wx7_".repeat(8) + "Pp0o";

describe("redact: paths that reach the same webhook by another spelling", () => {
  const masked = (text: string): string => {
    const out = redact(text);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(TOKEN.slice(8, 40));
    return out;
  };

  it.each([
    `/api/v10/webhooks/${ID}/x/../${TOKEN}?wait=true`,
    `/api/v10/webhooks/${ID}/./${TOKEN}`,
    `/api/v10/webhooks/${ID}/%2e%2E/${TOKEN}`,
    `/api/v10/webhooks/${ID}/x/%2e%2e/${TOKEN}`,
    `/api/v10/webhooks/./${ID}/${TOKEN}`,
    `/api/v10/webhooks/${ID}//${TOKEN}`,
    `/api/v10/webhooks/${ID}\\${TOKEN}`,
    `/api/v10/webhooks\\${ID}\\${TOKEN}`,
    `/api/v10/webhooks/${ID}/x\\..\\${TOKEN}`,
    `/api/v10/webhooks/${ID}%5C${TOKEN}`,
    `/api/v10/webhooks%2F${ID}%252f${TOKEN}`,
  ])("dot segments, backslashes and encoded slashes: %s", (path) => {
    expect(masked(path)).toContain("***");
  });

  it.each(["%77ebhooks", "%57%45%42%48%4F%4F%4B%53", "webhoo%6bs", "%2577ebhooks", "WEB%48OOKS"])("percent-encoded letters of %s", (word) => {
    expect(masked(`https://discord.com/api/${word}/${ID}/${TOKEN}`)).toContain(`/${ID}/***`);
  });

  it.each(["'", '"', "<", "&", "&quot;", "&#39;", "&lt;", "&amp;", "&#x22;"])("a token right after %s", (before) => {
    expect(masked(`https://discord.com/api/webhooks/${ID}/${before}${TOKEN} done`)).toMatch(/\*\*\* done$/);
  });

  it("keeps a message route after the token, and text after a JSON escape", () => {
    expect(redact(`webhooks/${ID}/${TOKEN}/messages/1234567890`)).toBe(`webhooks/${ID}/***/messages/1234567890`);
    expect(redact(`webhooks/${ID}/${TOKEN}/messages/@original?thread_id=1`)).toBe(`webhooks/${ID}/***/messages/@original?thread_id=1`);
    expect(redact(`"webhooks/${ID}/${TOKEN}\\nretrying"`)).toBe(`"webhooks/${ID}/***\\nretrying"`);
    expect(masked(`webhooks/${ID}/x/messages/../${TOKEN}`)).toBe(`webhooks/${ID}/***`);
  });

  it("never lets a token through, whatever path noise stands between id and token (property)", () => {
    const segment = fc.constantFrom(".", "..", "%2e", "%2E%2e", "x", "abc", "");
    const sep = fc.constantFrom("/", "\\", "%2f", "%5C", "%252F", "\\/", "&#47;");
    const before = fc.constantFrom("", "'", '"', "<", "&", "&quot;", " ", "%20");
    const word = fc.constantFrom("webhooks", "%77ebhooks", "we%62hooks", "WEBHOOKS");
    fc.assert(
      fc.property(word, fc.array(fc.tuple(sep, segment), { maxLength: 4 }), sep, before, fc.string({ maxLength: 10 }), (w, noise, last, b, after) => {
        const path = `/api/v10/${w}/${ID}${noise.map(([s, seg]) => `${s}${seg}`).join("")}${last}${b}${TOKEN}${after}`;
        expect(redact(path)).not.toContain(TOKEN.slice(8, 40));
      }),
      { numRuns: 500 },
    );
  });
});
