import { describe, expect, it } from "vitest";
import { codePointLength } from "../../src/discord/text.js";
import { COLORS, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.syncCompletion", () => {
  it("builds a typical successful sync", () => {
    const embed = embeds.syncCompletion(
      {
        success: true,
        summary: { locations: 3, nodes: 12, allocations: 4096, servers: 1200, databases: 0 },
        durationMs: 8_450,
        source: "Panel",
      },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "✅ Sync completed",
      description: "The sync finished in 8.4 s.",
      color: COLORS.success,
      fields: [
        { name: "Locations", value: "3", inline: true },
        { name: "Nodes", value: "12", inline: true },
        { name: "Allocations", value: "4,096", inline: true },
        { name: "Servers", value: "1,200", inline: true },
        { name: "Databases", value: "0", inline: true },
        { name: "Duration", value: "8.4 s", inline: true },
        { name: "Source", value: "Panel", inline: true },
      ],
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expectDiscordAccepts(embed);
  });

  it("builds a failed sync in red with the error in a code block", () => {
    const embed = embeds.syncCompletion({
      success: false,
      summary: { nodes: 4 },
      durationMs: 3_723_000,
      error: new TypeError("fetch failed ```oops```"),
    });
    expect(embed.title).toBe("❌ Sync failed");
    expect(embed.color).toBe(COLORS.failure);
    expect(embed.description).toBe("The sync failed after 1h 02m 03s.");
    expect(embed.fields).toEqual([
      { name: "Nodes", value: "4", inline: true },
      { name: "Duration", value: "1h 02m 03s", inline: true },
      { name: "Error", value: "```\nTypeError: fetch failed ˋˋˋoopsˋˋˋ\n```", inline: false },
    ]);
    expectDiscordAccepts(embed);
  });

  it("accepts a string error and shows it as a warning on success", () => {
    const embed = embeds.syncCompletion({ success: true, summary: {}, durationMs: 0, error: "2 nodes skipped" });
    expect(embed.fields).toEqual([
      { name: "Duration", value: "0 ms", inline: true },
      { name: "Warning", value: "```\n2 nodes skipped\n```", inline: false },
    ]);
  });

  it.each([
    [999, "999 ms"],
    [59_999, "59.9 s"],
    [65_000, "1m 05s"],
    [90_061_000, "1d 01h 01m"],
  ])("formats %d ms as %s", (durationMs, text) => {
    const embed = embeds.syncCompletion({ success: true, summary: {}, durationMs });
    expect(embed.fields?.find((f) => f.name === "Duration")?.value).toBe(text);
  });

  it("cuts a huge error into the field limit", () => {
    const embed = embeds.syncCompletion({ success: false, summary: {}, durationMs: 1, error: "x".repeat(10_000) });
    const value = embed.fields?.find((f) => f.name === "Error")?.value ?? "";
    expect(codePointLength(value)).toBeLessThanOrEqual(1024);
    expect(value.endsWith("…\n```")).toBe(true);
    expectDiscordAccepts(embed);
  });

  it.each([
    [{ summary: {}, durationMs: 1 }, ["success"]],
    [{ success: "yes", summary: {}, durationMs: 1 }, ["success"]],
    [{ success: true, durationMs: 1 }, ["summary"]],
    [{ success: true, summary: { nodes: -1, servers: 1.5 }, durationMs: 1 }, ["summary.nodes", "summary.servers"]],
    [{ success: true, summary: {}, durationMs: -1 }, ["durationMs"]],
    [{ success: true, summary: {}, durationMs: 1, error: { message: "x" } }, ["error"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("syncCompletion", input), paths);
  });
});
