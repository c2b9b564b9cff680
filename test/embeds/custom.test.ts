import { describe, expect, it } from "vitest";
import { codePointLength } from "../../src/discord/text.js";
import { COLORS, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.custom", () => {
  it("builds a typical custom embed, keeping the caller's markdown", () => {
    const embed = embeds.custom(
      {
        title: "Deploy finished",
        description: "Version **1.4.2** is live.",
        url: "https://example.com/releases/1.4.2",
        color: "success",
        fields: [
          { name: "Version", value: "1.4.2", inline: true },
          { name: "Notes", value: "Faster starts" },
        ],
        author: { name: "CI", url: "https://example.com/ci", iconUrl: "https://example.com/ci.png" },
        thumbnailUrl: "https://example.com/t.png",
        imageUrl: "https://example.com/i.png",
        timestamp: "2026-03-04T05:06:07+02:00",
      },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "Deploy finished",
      description: "Version **1.4.2** is live.",
      url: "https://example.com/releases/1.4.2",
      color: COLORS.success,
      fields: [
        { name: "Version", value: "1.4.2", inline: true },
        { name: "Notes", value: "Faster starts" },
      ],
      author: { name: "CI", url: "https://example.com/ci", icon_url: "https://example.com/ci.png" },
      thumbnail: { url: "https://example.com/t.png" },
      image: { url: "https://example.com/i.png" },
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-03-04T03:06:07.000Z",
    });
    expectDiscordAccepts(embed);
  });

  it("takes numeric colours and defaults to info", () => {
    expect(embeds.custom({ title: "a", color: 0 }).color).toBe(0);
    expect(embeds.custom({ title: "a", color: 0xffffff }).color).toBe(0xffffff);
    expect(embeds.custom({ title: "a" }).color).toBe(COLORS.info);
  });

  it("accepts an embed with only fields or only an image", () => {
    expectDiscordAccepts(embeds.custom({ fields: [{ name: "a", value: "b" }] }));
    const image = embeds.custom({ title: "  ", imageUrl: "https://example.com/i.png" });
    expect(image.title).toBeUndefined();
    expectDiscordAccepts(image);
  });

  it("cuts oversized text to Discord's limits and the 6000 total, description first", () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ name: `${i} ${"n".repeat(300)}`, value: "v".repeat(2000) }));
    const embed = embeds.custom({ title: "T".repeat(300), description: "d".repeat(5000), fields }, OPTIONS);
    expect(embed.description).toBeUndefined();
    expect(codePointLength(embed.title ?? "")).toBeLessThanOrEqual(256);
    expect(embed.fields).toHaveLength(25);
    expectDiscordAccepts(embed);
  });

  it("cuts only as much of the description as the total needs", () => {
    const embed = embeds.custom({
      description: "d".repeat(4000),
      fields: [{ name: "a", value: "v".repeat(1024) }, { name: "b", value: "w".repeat(1024) }],
    });
    expect(embed.description).toBe(`${"d".repeat(3949)}…`);
    expectDiscordAccepts(embed);
  });

  it.each([
    [{}, [""]],
    [{ title: " ", description: "\n" }, [""]],
    [{ title: "a", color: -1 }, ["color"]],
    [{ title: "a", color: 0x1000000 }, ["color"]],
    [{ title: "a", color: 1.5 }, ["color"]],
    [{ title: "a", color: "purple" }, ["color"]],
    [{ title: "a", url: "javascript:alert(1)" }, ["url"]],
    [{ title: "a", fields: [{ name: "", value: "x" }, { name: "y", value: " " }] }, ["fields.0.name", "fields.1.value"]],
    [{ title: "a", fields: Array.from({ length: 26 }, () => ({ name: "n", value: "v" })) }, ["fields"]],
    [{ title: "a", author: { name: "" }, imageUrl: "data:image/png;base64,AAAA" }, ["author.name", "imageUrl"]],
    [{ title: "a", timestamp: "2026-13-01T00:00:00Z" }, ["timestamp"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("custom", input), paths.filter((p) => p !== ""));
  });
});
