import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.js";
import {
  COLORS,
  EVENT_INPUT_SCHEMAS,
  EVENT_WEBHOOK_TYPES,
  embeds,
  type EventInputs,
  type EventName,
} from "../../src/embeds/index.js";
import * as root from "../../src/index.js";
import { build, expectDiscordAccepts, expectValidationError, FIXED_NOW } from "./helpers.js";

/** One valid input per builder. */
const SAMPLES: { [K in EventName]: EventInputs[K] } = {
  serverStateChange: { serverName: "alpha", state: "online" },
  nodeAlert: { node: "n1", resource: "cpu", usage: 50 },
  settingsUpdate: { changedFields: ["a"] },
  syncCompletion: { success: true, summary: { nodes: 1 }, durationMs: 5 },
  billingEvent: { event: "invoice_paid", amount: 5, currency: "USD" },
  systemAlert: { title: "t", message: "m", severity: "info" },
  supportTicket: { action: "created", ticketId: 1, subject: "s" },
  custom: { title: "t" },
};
const NAMES = Object.keys(EVENT_WEBHOOK_TYPES) as EventName[];

describe("embed builders: shared behaviour", () => {
  it("exposes the palette, the event map and the builders from the package root", () => {
    expect(COLORS).toEqual({ success: 3066993, failure: 15158332, warning: 16776960, info: 3447003, alert: 15105570, support: 65535 });
    expect(EVENT_WEBHOOK_TYPES).toEqual({
      serverStateChange: "GAME_SERVER",
      nodeAlert: "VPS",
      settingsUpdate: "SYSTEM",
      syncCompletion: "SYSTEM",
      billingEvent: "BILLING",
      systemAlert: "SECURITY",
      supportTicket: "SUPPORT",
      custom: "CUSTOM",
    });
    expect(Object.keys(embeds).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(EVENT_INPUT_SCHEMAS).sort()).toEqual([...NAMES].sort());
    expect(root.embeds).toBe(embeds);
    expect(root.EVENT_WEBHOOK_TYPES).toBe(EVENT_WEBHOOK_TYPES);
  });

  it.each(NAMES)("%s accepts its sample per its exported schema", (name) => {
    expect(EVENT_INPUT_SCHEMAS[name].safeParse(SAMPLES[name]).success).toBe(true);
    expectDiscordAccepts(build(name, SAMPLES[name]));
  });

  it.each(NAMES)("%s is pure: same input and clock give deep-equal output", (name) => {
    let calls = 0;
    const options = { branding: { footer: "Brand" }, now: () => (calls++, new Date(FIXED_NOW)) };
    const first = build(name, SAMPLES[name], options);
    const second = build(name, SAMPLES[name], options);
    expect(second).toEqual(first);
    expect(first.timestamp).toBe("2026-01-02T03:04:05.000Z");
    expect(calls).toBe(2);
  });

  it.each(NAMES)("%s has no timestamp without one in the input or a clock", (name) => {
    expect(build(name, SAMPLES[name])).not.toHaveProperty("timestamp");
    expect(build(name, SAMPLES[name], { branding: { footer: "x" } })).not.toHaveProperty("timestamp");
  });

  it.each(NAMES)("%s prefers the input's timestamp over the clock, without calling it", (name) => {
    const now = () => {
      throw new Error("clock must not be read");
    };
    const embed = build(name, { ...SAMPLES[name], timestamp: "2025-05-05T10:00:00.5+01:00" }, { now });
    expect(embed.timestamp).toBe("2025-05-05T09:00:00.500Z");
  });

  it.each([
    [new Date("2024-02-29T12:00:00Z"), "2024-02-29T12:00:00.000Z"],
    [0, "1970-01-01T00:00:00.000Z"],
    [1_700_000_000_123, "2023-11-14T22:13:20.123Z"],
    ["2030-01-01T00:00:00Z", "2030-01-01T00:00:00.000Z"],
  ])("normalises timestamp %j to %s", (timestamp, iso) => {
    expect(embeds.custom({ title: "t", timestamp }).timestamp).toBe(iso);
  });

  it.each([["2024-02-29"], ["not a date"], [Number.NaN], [8.64e15 + 1], [new Date(Number.NaN)], [Date.UTC(10_000, 0, 1)], [true]])(
    "rejects timestamp %j",
    (timestamp) => {
      expectValidationError(() => build("custom", { title: "t", timestamp }), ["timestamp"]);
    },
  );

  it("rejects a clock that returns no valid date", () => {
    const error = expectValidationError(() => embeds.custom({ title: "t" }, { now: () => new Date(Number.NaN) }), ["now"]);
    expect(error.message).toContain("embed options");
  });

  it("puts branding into the footer and leaves username and avatar to the dispatcher", () => {
    const embed = embeds.custom(
      { title: "t" },
      { branding: { footer: "  Example Hosting  ", footerIconUrl: "https://example.com/i.png", username: "Alerts", avatarUrl: "https://example.com/a.png" } },
    );
    expect(embed.footer).toEqual({ text: "Example Hosting", icon_url: "https://example.com/i.png" });
    expect(JSON.stringify(embed)).not.toContain("Alerts");
    expect(JSON.stringify(embed)).not.toContain("a.png");
  });

  it("shows no footer without footer text, even with an icon", () => {
    expect(embeds.custom({ title: "t" }, { branding: { footer: " ", footerIconUrl: "https://example.com/i.png" } })).not.toHaveProperty("footer");
    expect(embeds.custom({ title: "t" }, { branding: { footerIconUrl: "https://example.com/i.png" } })).not.toHaveProperty("footer");
  });

  it("cuts a long footer to 2048 characters", () => {
    const embed = embeds.custom({ title: "t" }, { branding: { footer: "f".repeat(3000) } });
    expect(embed.footer?.text).toHaveLength(2048);
  });

  it.each([
    [{ footerIconUrl: "ftp://example.com/i.png" }, "branding.footerIconUrl"],
    [{ avatarUrl: "nope" }, "branding.avatarUrl"],
    [{ username: "" }, "branding.username"],
    [{ username: "My Discord Bot" }, "branding.username"],
    [{ username: "u".repeat(81) }, "branding.username"],
  ])("rejects branding %j", (branding, path) => {
    const error = expectValidationError(() => embeds.custom({ title: "t" }, { branding }), [path.split(".")[1]!]);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("embed options.branding");
  });

  it("replaces lone surrogates with U+FFFD and drops control characters", () => {
    const embed = embeds.systemAlert({ title: "a\uD800b", message: "x\u0000\u001Cy\uDC00", severity: "info" });
    expect(embed.title).toBe("ℹ️ a\uFFFDb");
    expect(embed.description).toBe("xy\uFFFD");
    expectDiscordAccepts(embed);
  });
});
