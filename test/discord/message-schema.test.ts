import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ValidationError } from "../../src/errors.js";
import {
  AllowedMentionsTypes,
  embedSchema,
  messageSchema,
  parseOrThrow,
  WEBHOOK_MESSAGE_FLAGS,
  type DiscordEmbed,
} from "../../src/discord/index.js";
import { a, field, fire, ok } from "./schema-fixtures.js";

describe("messageSchema", () => {
  const e = (description: string): DiscordEmbed => ({ description });

  it("content: 2000 code points pass, 2001 fail", () => {
    expect(ok(messageSchema, { content: a(2000) })).toBe(true);
    expect(ok(messageSchema, { content: a(2001) })).toBe(false);
    expect(ok(messageSchema, { content: fire(2000) })).toBe(true);
    expect(ok(messageSchema, { content: fire(2001) })).toBe(false);
  });

  it("needs content or embeds", () => {
    expect(ok(messageSchema, {})).toBe(false);
    expect(ok(messageSchema, { content: "  " })).toBe(false);
    expect(ok(messageSchema, { embeds: [] })).toBe(false);
    expect(ok(messageSchema, { embeds: [e("x")] })).toBe(true);
  });

  it("allows 10 embeds, not 11", () => {
    expect(ok(messageSchema, { embeds: Array.from({ length: 10 }, () => e("x")) })).toBe(true);
    expect(ok(messageSchema, { embeds: Array.from({ length: 11 }, () => e("x")) })).toBe(false);
  });

  it("limits the text of all embeds together to 6000 (emoji count as 1)", () => {
    expect(ok(messageSchema, { embeds: [e(a(3000)), e(a(3000))] })).toBe(true);
    expect(ok(messageSchema, { embeds: [e(a(3000)), e(a(3001))] })).toBe(false);
    expect(ok(messageSchema, { embeds: [e(fire(3000)), e(fire(3000))] })).toBe(true);
    expect(ok(messageSchema, { embeds: [e(fire(3000)), { ...e(fire(2999)), title: "ab" }] })).toBe(false);
  });

  it("username: 1 to 80 code points, without 'discord' or 'clyde'", () => {
    expect(ok(messageSchema, { content: "x", username: a(80) })).toBe(true);
    expect(ok(messageSchema, { content: "x", username: fire(80) })).toBe(true);
    expect(ok(messageSchema, { content: "x", username: a(81) })).toBe(false);
    expect(ok(messageSchema, { content: "x", username: "" })).toBe(false);
    expect(ok(messageSchema, { content: "x", username: "   " })).toBe(false);
    for (const name of ["Discord", "my discord bot", "CLYDE", "clydesdale"]) {
      expect(ok(messageSchema, { content: "x", username: name })).toBe(false);
    }
    expect(ok(messageSchema, { content: "x", username: "Status Bot" })).toBe(true);
  });

  it("knows the three flags a webhook may set", () => {
    expect(WEBHOOK_MESSAGE_FLAGS).toEqual({ suppressEmbeds: 4, suppressNotifications: 4096, isComponentsV2: 32768 });
  });

  it("refuses content or embeds beside IS_COMPONENTS_V2 (Discord answers 400)", () => {
    expect(ok(messageSchema, { content: "x", flags: 32768 })).toBe(false);
    expect(ok(messageSchema, { embeds: [{ title: "t" }], flags: 32772 })).toBe(false);
  });

  it("checks link-button components: 5 rows of 5, label <= 80, http(s) url <= 512", () => {
    const button = (label = "Open", url = "https://panel.example") => ({ type: 2, style: 5, label, url });
    const row = (n: number) => ({ type: 1, components: Array.from({ length: n }, () => button()) });
    expect(ok(messageSchema, { content: "x", components: [row(5), row(5), row(5), row(5), row(5)] })).toBe(true);
    expect(ok(messageSchema, { content: "x", components: [row(6)] })).toBe(false);
    expect(ok(messageSchema, { content: "x", components: Array.from({ length: 6 }, () => row(1)) })).toBe(false);
    expect(ok(messageSchema, { content: "x", components: [{ type: 1, components: [button("l".repeat(81))] }] })).toBe(false);
    expect(ok(messageSchema, { content: "x", components: [{ type: 1, components: [button("ok", `https://a.example/${"a".repeat(512)}`)] }] })).toBe(false);
    expect(ok(messageSchema, { content: "x", components: [{ type: 1, components: [{ type: 2, style: 1, label: "x", custom_id: "restart" }] }] })).toBe(false);
  });

  it.each([0, 4, 4096, 4100])("accepts flags %i", (flags) => {
    expect(ok(messageSchema, { content: "x", flags })).toBe(true);
  });

  it.each([1, 2, 8, 64, 4097, 1.5, -1])("rejects flags %j", (flags) => {
    expect(ok(messageSchema, { content: "x", flags })).toBe(false);
  });

  it("checks avatar_url, thread_name and applied_tags", () => {
    expect(ok(messageSchema, { content: "x", avatar_url: "https://example.com/a.png" })).toBe(true);
    expect(ok(messageSchema, { content: "x", avatar_url: "attachment://a.png" })).toBe(false);
    expect(ok(messageSchema, { content: "x", thread_name: a(100) })).toBe(true);
    expect(ok(messageSchema, { content: "x", thread_name: a(101) })).toBe(false);
    expect(ok(messageSchema, { content: "x", applied_tags: ["123456789012345678"] })).toBe(true);
    expect(ok(messageSchema, { content: "x", applied_tags: ["tag"] })).toBe(false);
  });

  it("allowed_mentions: accepts Discord's strings, outputs values equal to them", () => {
    const parsed = messageSchema.parse({ content: "x", allowed_mentions: { parse: ["users", "roles", "everyone"] } });
    expect(parsed.allowed_mentions?.parse).toEqual(["users", "roles", "everyone"]);
    expect(parsed.allowed_mentions?.parse).toEqual([AllowedMentionsTypes.User, AllowedMentionsTypes.Role, AllowedMentionsTypes.Everyone]);
    expect(ok(messageSchema, { content: "x", allowed_mentions: { parse: [] } })).toBe(true);
    expect(ok(messageSchema, { content: "x", allowed_mentions: { parse: ["here"] } })).toBe(false);
    expect(ok(messageSchema, { content: "x", allowed_mentions: { users: ["123456789012345678"] } })).toBe(true);
    expect(ok(messageSchema, { content: "x", allowed_mentions: { users: ["@someone"] } })).toBe(false);
    expect(ok(messageSchema, { content: "x", allowed_mentions: { roles: Array.from({ length: 101 }, () => "123456789012345678") } })).toBe(false);
  });
});

function caughtBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("parseOrThrow", () => {
  it("returns the parsed value", () => {
    expect(parseOrThrow(embedSchema, { title: "ok" }, "embed")).toEqual({ title: "ok" });
  });

  it("throws a ValidationError naming each bad path, with the zod error as cause", () => {
    const input = { embeds: [{ title: a(257), fields: [field("", "v")] }], flags: 1 };
    const caught = caughtBy(() => parseOrThrow(messageSchema, input, "message"));
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.code).toBe("VALIDATION");
    expect(error.cause).toBeInstanceOf(z.ZodError);
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["embeds.0.title", "embeds.0.fields.0.name", "flags"]));
    expect(error.message).toMatch(/^\[discord-webhook-dispatcher\] Invalid message: /);
    expect(error.message).toContain("embeds.0.title: must be at most 256 characters");
  });

  it("reports a problem of the whole input with an empty path", () => {
    expect(() => parseOrThrow(messageSchema, { content: " " }, "message")).toThrow(
      "[discord-webhook-dispatcher] Invalid message: a message needs content, embeds or components",
    );
    const error = caughtBy(() => parseOrThrow(messageSchema, {}, "message"));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: "", message: "a message needs content, embeds or components" }]);
  });
});
