import { describe, expect, it } from "vitest";
import { changedFields, SECRET_SETTING } from "../../src/compat/index.js";

describe("changedFields", () => {
  it("names changed settings by nested path, never their values", () => {
    const before = { siteName: "Acme", smtp: { host: "a.example", port: 25, tls: { on: false } }, limit: 5 };
    const after = { siteName: "Acme", smtp: { host: "b.example", port: 25, tls: { on: true } }, limit: 5, newFlag: true };
    const out = changedFields(before, after);
    expect(out).toEqual(["smtp.host", "smtp.tls.on", "newFlag"]);
    expect(JSON.stringify(out)).not.toMatch(/example/);
  });

  it("compares arrays and dates by value", () => {
    const d = (s: string) => new Date(s);
    const before = { tags: ["a", "b"], nested: [{ x: 1 }], at: d("2026-01-01T00:00:00Z"), moved: d("2026-01-01T00:00:00Z") };
    const after = { tags: ["a", "b"], nested: [{ x: 1 }], at: d("2026-01-01T00:00:00Z"), moved: d("2026-02-01T00:00:00Z") };
    expect(changedFields(before, after)).toEqual(["moved"]);
    expect(changedFields({ tags: ["a"] }, { tags: ["a", "b"] })).toEqual(["tags"]);
    expect(changedFields({ tags: [{ x: 1 }] }, { tags: [{ x: 2 }] })).toEqual(["tags"]);
  });

  it("a section added or removed names its settings; null and undefined read as empty", () => {
    expect(changedFields({}, { smtp: { host: "h", port: 1 } })).toEqual(["smtp.host", "smtp.port"]);
    expect(changedFields({ smtp: { host: "h" } }, { smtp: null })).toEqual(["smtp.host"]);
    expect(changedFields(null, { a: 1 })).toEqual(["a"]);
    expect(changedFields({ a: 1 }, undefined)).toEqual(["a"]);
    expect(changedFields({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it("masks secret-looking names (password, token, secret, key; any case) as one 'a secret setting'", () => {
    const before = { smtpPassword: "1", apiTOKEN: "1", clientSecret: "1", stripe: { publishableKey: "1" }, name: "x" };
    const after = { smtpPassword: "2", apiTOKEN: "2", clientSecret: "2", stripe: { publishableKey: "2" }, name: "y" };
    expect(changedFields(before, after)).toEqual([SECRET_SETTING, "name"]);
  });

  it("the secret option adds names (a path or one segment, any case) and patterns", () => {
    const before = { dsn: "a", mail: { Auth: "a" }, webhookUrl: "a", other: "a" };
    const after = { dsn: "b", mail: { Auth: "b" }, webhookUrl: "b", other: "b" };
    expect(changedFields(before, after, { secret: ["DSN", "auth", /url$/i] })).toEqual([SECRET_SETTING, "other"]);
  });

  it("ignore drops paths (and what is under them) and patterns", () => {
    const before = { updatedAt: new Date(1), audit: { by: "a", at: 1 }, cache: { x: 1 }, theme: "light" };
    const after = { updatedAt: new Date(2), audit: { by: "b", at: 2 }, cache: { x: 2 }, theme: "dark" };
    expect(changedFields(before, after, { ignore: ["updatedAt", "AUDIT", /^cache\./] })).toEqual(["theme"]);
  });

  it("survives cycles and very deep values", () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    const b: Record<string, unknown> = { n: 2 };
    b.self = b;
    expect(changedFields(a, b)).toContain("n");
  });
});
