import { describe, expect, it } from "vitest";
import { DISCORD_LIMITS, embedFieldSchema, embedLength, embedSchema } from "../../src/discord/index.js";
import { a, field, fire, ok } from "./schema-fixtures.js";

const embedWith = (extra: Record<string, unknown>) => ({ title: "t", ...extra });

describe("embedSchema: per-field limits at the boundary (code points, emoji count as 1)", () => {
  const cases: [label: string, limit: number, make: (s: string) => unknown][] = [
    ["title", DISCORD_LIMITS.embedTitle, (s) => ({ title: s })],
    ["description", DISCORD_LIMITS.embedDescription, (s) => ({ description: s })],
    ["field name", DISCORD_LIMITS.fieldName, (s) => ({ fields: [field(s)] })],
    ["field value", DISCORD_LIMITS.fieldValue, (s) => ({ fields: [field("n", s)] })],
    ["footer text", DISCORD_LIMITS.footerText, (s) => ({ footer: { text: s } })],
    ["author name", DISCORD_LIMITS.authorName, (s) => ({ author: { name: s } })],
  ];

  it.each(cases)("%s: exactly %i passes, one more fails", (_label, limit, make) => {
    expect(ok(embedSchema, make(a(limit)))).toBe(true);
    expect(ok(embedSchema, make(a(limit + 1)))).toBe(false);
    expect(ok(embedSchema, make(fire(limit)))).toBe(true);
    expect(ok(embedSchema, make(fire(limit + 1)))).toBe(false);
    // Discord trims before counting.
    expect(ok(embedSchema, make(`  ${a(limit)}\n`))).toBe(true);
  });

  it("has the documented numbers", () => {
    expect(DISCORD_LIMITS).toMatchObject({
      embedTitle: 256,
      embedDescription: 4096,
      embedFields: 25,
      fieldName: 256,
      fieldValue: 1024,
      footerText: 2048,
      authorName: 256,
      embedTotal: 6000,
      embedsPerMessage: 10,
      content: 2000,
      usernameMax: 80,
      colorMax: 16777215,
    });
  });

  it("allows 25 fields, not 26", () => {
    expect(ok(embedSchema, { fields: Array.from({ length: 25 }, () => field()) })).toBe(true);
    expect(ok(embedSchema, { fields: Array.from({ length: 26 }, () => field()) })).toBe(false);
  });

  it("limits one embed's text to 6000", () => {
    const at = { title: a(256), description: a(4096), footer: { text: a(1648) } };
    expect(embedLength(at)).toBe(6000);
    expect(ok(embedSchema, at)).toBe(true);
    expect(ok(embedSchema, { ...at, footer: { text: a(1649) } })).toBe(false);
  });

  it("rejects lone surrogates", () => {
    expect(ok(embedSchema, { title: "a\uD800" })).toBe(false);
    expect(ok(embedSchema, { description: "\uDC00" })).toBe(false);
  });
});

describe("embedSchema: shape rules", () => {
  it.each([0, 1, 3066993, 0xffffff])("accepts colour %i", (color) => {
    expect(ok(embedSchema, embedWith({ color }))).toBe(true);
  });

  it.each([-1, 0x1000000, 1.5, Number.NaN, "16711680"])("rejects colour %j", (color) => {
    expect(ok(embedSchema, embedWith({ color }))).toBe(false);
  });

  it.each(["https://example.com/x", "http://example.com", "HTTPS://EXAMPLE.COM/a?b#c"])("accepts URL %s", (url) => {
    expect(ok(embedSchema, embedWith({ url, author: { name: "a", url, icon_url: url }, footer: { text: "f", icon_url: url } }))).toBe(true);
    expect(ok(embedSchema, embedWith({ image: { url }, thumbnail: { url } }))).toBe(true);
  });

  it.each([
    "ftp://example.com/x",
    "javascript:alert(1)",
    "data:text/plain,x",
    "example.com",
    "//example.com",
    "",
    "https://",
    " https://example.com",
    "https://example.com/a\n",
    "https://exa\tmple.com",
    "https://example.com/a b",
  ])(
    "rejects URL %j",
    (url) => {
      expect(ok(embedSchema, embedWith({ url }))).toBe(false);
      expect(ok(embedSchema, embedWith({ image: { url } }))).toBe(false);
      expect(ok(embedSchema, embedWith({ footer: { text: "f", icon_url: url } }))).toBe(false);
    },
  );

  it("accepts attachment:// for images and icons only", () => {
    expect(ok(embedSchema, embedWith({ image: { url: "attachment://chart.png" } }))).toBe(true);
    expect(ok(embedSchema, embedWith({ author: { name: "a", icon_url: "attachment://a.png" } }))).toBe(true);
    expect(ok(embedSchema, embedWith({ url: "attachment://chart.png" }))).toBe(false);
    expect(ok(embedSchema, embedWith({ image: { url: "attachment://" } }))).toBe(false);
  });

  it.each([
    ["empty name", field("", "v")],
    ["whitespace name", field("  ", "v")],
    ["empty value", field("n", "")],
    ["whitespace value", field("n", "\n\t")],
    ["missing value", { name: "n" }],
  ])("rejects a field with %s", (_label, f) => {
    expect(ok(embedFieldSchema, f)).toBe(false);
    expect(ok(embedSchema, { fields: [f] })).toBe(false);
  });

  it("requires footer text and author name when present", () => {
    expect(ok(embedSchema, embedWith({ footer: { text: " " } }))).toBe(false);
    expect(ok(embedSchema, embedWith({ author: { name: "" } }))).toBe(false);
  });

  it.each([
    ["{}", {}],
    ["colour only", { color: 1 }],
    ["url and timestamp only", { url: "https://example.com", timestamp: "2024-01-01T00:00:00Z" }],
    ["whitespace title", { title: "   " }],
    ["empty fields", { fields: [] }],
  ])("rejects an empty embed: %s", (_label, e) => {
    expect(ok(embedSchema, e)).toBe(false);
  });

  it.each([
    ["title", { title: "t" }],
    ["description", { description: "d" }],
    ["field", { fields: [field()] }],
    ["image", { image: { url: "https://example.com/i.png" } }],
    ["thumbnail", { thumbnail: { url: "https://example.com/i.png" } }],
    ["author", { author: { name: "a" } }],
    ["footer", { footer: { text: "f" } }],
  ])("accepts an embed with only a %s", (_label, e) => {
    expect(ok(embedSchema, e)).toBe(true);
  });

  it("accepts ISO timestamps with offset and rejects others", () => {
    expect(ok(embedSchema, embedWith({ timestamp: "2024-05-01T12:00:00.000Z" }))).toBe(true);
    expect(ok(embedSchema, embedWith({ timestamp: "2024-05-01T12:00:00+02:00" }))).toBe(true);
    expect(ok(embedSchema, embedWith({ timestamp: "yesterday" }))).toBe(false);
  });
});
