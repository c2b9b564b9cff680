import { describe, expect, it } from "vitest";
import { containsWebhookUrl, redact } from "../../src/discord/index.js";

// Made-up id and token.
const ID = "123456789012345678";
const TOKEN = "Zq4-Wx7_".repeat(8) + "Pp0o";
const URL_ = `https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`;

function expectMasked(text: string): string {
  const out = redact(text);
  expect(out).not.toContain(TOKEN);
  expect(out).not.toContain(TOKEN.slice(8, 40));
  expect(out).toContain("***");
  return out;
}

describe("redact: every encoding a token hides in", () => {
  it("JSON with \\u002f-escaped slashes", () => {
    const text = JSON.stringify({ url: URL_ }).replaceAll("/", "\\u002f");
    expect(expectMasked(text)).toContain(`webhooks\\u002f${ID}\\u002f***`);
    expectMasked(text.replaceAll("\\u002f", "\\u002F"));
    // Escaped twice, as a JSON string inside a JSON string.
    expectMasked(JSON.stringify(JSON.stringify({ url: URL_ }).replaceAll("/", "\\/")));
  });

  it.each([
    ["&#x2F;", "&#x2F;"],
    ["&#x2f;", "&#x2f;"],
    ["&#47;", "&#47;"],
    ["&#047;", "&#047;"],
    ["&sol;", "&sol;"],
    ["&#x002F;", "&#x002F;"],
  ])("HTML entity %s for the slashes", (entity) => {
    const html = `<a href="${URL_.replaceAll("/", entity)}">hook</a>`;
    const out = expectMasked(html);
    expect(out).toContain(`webhooks${entity}${ID}${entity}***`);
  });

  it("percent-encoded once, twice and three times", () => {
    const once = encodeURIComponent(URL_);
    const twice = encodeURIComponent(once);
    const thrice = encodeURIComponent(twice);
    expect(thrice).toContain("%25252F");
    for (const text of [once, twice, thrice, thrice.toLowerCase()]) {
      const out = redact(`next=${text}&x=1`);
      expect(out.toLowerCase()).not.toContain(TOKEN.toLowerCase());
      expect(out).toMatch(/&x=1$/);
    }
  });

  it("whitespace just before the token", () => {
    for (const gap of [" ", "  ", "\t", "\n", "\u00a0", "+"]) {
      expect(expectMasked(`https://discord.com/api/webhooks/${ID}/${gap}${TOKEN} failed`)).toMatch(/\*\*\* failed$/);
    }
    expectMasked(`webhooks/${ID}/\\n${TOKEN}`);
  });

  it("a %XX just before the token, or inside it", () => {
    for (const before of ["%20", "%0A", "%09", "%2520", "%41"]) {
      expectMasked(`https://discord.com/api/webhooks/${ID}/${before}${TOKEN}?wait=true`);
    }
    const encodedHyphen = `webhooks/${ID}/${TOKEN.replaceAll("-", "%2D")}`;
    expect(redact(encodedHyphen)).toBe(`webhooks/${ID}/***`);
  });

  it("ids longer than 25 digits", () => {
    for (const id of ["1".repeat(26), "9".repeat(40), "12345678901234567890123456789012345678901234567890"]) {
      expect(redact(`https://discord.com/api/webhooks/${id}/${TOKEN}`)).toBe(`https://discord.com/api/webhooks/${id}/***`);
    }
  });

  it("still keeps a query, an encoded query and the text around", () => {
    expect(redact(`a ${URL_}?wait=true b`)).toBe(`a https://discord.com/api/v10/webhooks/${ID}/***?wait=true b`);
    expect(redact(encodeURIComponent(`${URL_}?wait=true`))).toBe(encodeURIComponent(`https://discord.com/api/v10/webhooks/${ID}/***?wait=true`));
    expect(redact(`webhooks/${ID}/`)).toBe(`webhooks/${ID}/`);
  });

  it("containsWebhookUrl tells whether there is anything to mask", () => {
    expect(containsWebhookUrl(`see ${URL_.replaceAll("/", "&#47;")}`)).toBe(true);
    expect(containsWebhookUrl("My game servers")).toBe(false);
    expect(containsWebhookUrl(redact(URL_))).toBe(false);
  });
});
