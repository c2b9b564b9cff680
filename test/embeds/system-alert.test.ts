import { describe, expect, it } from "vitest";
import { codePointLength } from "../../src/discord/text.js";
import { ALERT_SEVERITIES, COLORS, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.systemAlert", () => {
  it("builds a typical critical alert", () => {
    const embed = embeds.systemAlert(
      {
        title: "Login *burst*",
        message: "50 failed logins in 1 minute from 203.0.113.7",
        severity: "critical",
        source: "auth-service",
        error: new RangeError("limit exceeded"),
      },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "🚨 Login \\*burst\\*",
      description: "50 failed logins in 1 minute from 203.0.113.7",
      color: COLORS.failure,
      fields: [
        { name: "Severity", value: "Critical", inline: true },
        { name: "Source", value: "auth\\-service", inline: true },
        { name: "Error", value: "```\nRangeError: limit exceeded\n```", inline: false },
      ],
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expectDiscordAccepts(embed);
  });

  const expected = {
    info: ["ℹ️ Disk check", COLORS.info, "Info"],
    warning: ["⚠️ Disk check", COLORS.warning, "Warning"],
    error: ["❗ Disk check", COLORS.alert, "Error"],
    critical: ["🚨 Disk check", COLORS.failure, "Critical"],
  } as const;

  it.each(ALERT_SEVERITIES)("maps severity %s to its emoji and colour", (severity) => {
    const embed = embeds.systemAlert({ title: "Disk check", message: "ok", severity });
    expect([embed.title, embed.color, embed.fields?.[0]?.value]).toEqual(expected[severity]);
    expectDiscordAccepts(embed);
  });

  it("puts a multi-line title on one line and allows an empty message", () => {
    const embed = embeds.systemAlert({ title: "Two\nlines", message: "", severity: "info", error: "" });
    expect(embed.title).toBe("ℹ️ Two lines");
    expect(embed.description).toBeUndefined();
    expect(embed.fields?.map((f) => f.name)).toEqual(["Severity"]);
  });

  it("isolates bidi overrides so they end with the user's text", () => {
    const embed = embeds.systemAlert({ title: "t", message: "abc\u202Edef", severity: "info" });
    expect(embed.description).toBe("\u2068abc\u202Edef\u2069");
  });

  it("cuts a 10,000-character message into the budget without splitting an emoji", () => {
    const embed = embeds.systemAlert({ title: "t".repeat(400), message: "🔥".repeat(10_000), severity: "error" }, OPTIONS);
    expect(codePointLength(embed.title ?? "")).toBeLessThanOrEqual(256);
    expect(codePointLength(embed.description ?? "")).toBe(4096);
    expect(embed.description?.endsWith("🔥…")).toBe(true);
    expectDiscordAccepts(embed);
  });

  it("never leaves a cut escape dangling before the ellipsis", () => {
    const embed = embeds.systemAlert({ title: "t", message: "*".repeat(5000), severity: "info" });
    expect(embed.description?.endsWith("\\*…")).toBe(true);
    expect(embed.description).not.toMatch(/(?<!\\)(?:\\\\)*\\…$/);
    expectDiscordAccepts(embed);
  });

  it.each([
    [{ message: "m", severity: "info" }, ["title"]],
    [{ title: "\t", message: "m", severity: "info" }, ["title"]],
    [{ title: "t", severity: "info" }, ["message"]],
    [{ title: "t", message: "m", severity: "fatal" }, ["severity"]],
    [{ title: "t", message: "m", severity: "info", error: 42, source: [] }, ["error", "source"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("systemAlert", input), paths);
  });
});
