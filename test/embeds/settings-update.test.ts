import { describe, expect, it } from "vitest";
import { COLORS, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.settingsUpdate", () => {
  it("builds a typical embed with the changed settings as a list", () => {
    const embed = embeds.settingsUpdate(
      { changedFields: ["smtp.host", "billing.currency"], updatedBy: "alice_", section: "Mail" },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "⚙️ Settings updated",
      description: "• `smtp.host`\n• `billing.currency`",
      color: COLORS.info,
      fields: [
        { name: "Changed", value: "2 settings", inline: true },
        { name: "Section", value: "Mail", inline: true },
        { name: "Updated by", value: "alice\\_", inline: true },
      ],
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expectDiscordAccepts(embed);
  });

  it("says setting in the singular for one change", () => {
    const embed = embeds.settingsUpdate({ changedFields: ["a"] });
    expect(embed.fields).toEqual([{ name: "Changed", value: "1 setting", inline: true }]);
  });

  it("shows backticks in names without breaking the code span", () => {
    const embed = embeds.settingsUpdate({ changedFields: ["a`b``c"] });
    expect(embed.description).toBe("• `aˋbˋˋc`");
  });

  it("cuts a long list with a count of what is left, inside the description limit", () => {
    const names = Array.from({ length: 2000 }, (_, i) => `setting.number.${i}`);
    const embed = embeds.settingsUpdate({ changedFields: names }, OPTIONS);
    expect(embed.fields?.[0]?.value).toBe("2,000 settings");
    expect(embed.description).toMatch(/\n…and [\d,]+ more$/);
    const shown = (embed.description ?? "").split("\n").filter((l) => l.startsWith("• ")).length;
    expect(embed.description).toContain(`…and ${(2000 - shown).toLocaleString("en-US")} more`);
    expectDiscordAccepts(embed);
  });

  it.each([
    [{}, ["changedFields"]],
    [{ changedFields: [] }, ["changedFields"]],
    [{ changedFields: "a" }, ["changedFields"]],
    [{ changedFields: ["ok", " ", 3] }, ["changedFields.1", "changedFields.2"]],
    [{ changedFields: ["a"], updatedBy: 1, url: "not a url" }, ["updatedBy", "url"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("settingsUpdate", input), paths);
  });
});
