import { describe, expect, it } from "vitest";
import { COLORS, SERVER_STATES, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.serverStateChange", () => {
  it("builds a typical crash embed", () => {
    const embed = embeds.serverStateChange(
      {
        serverName: "Survival *#1*",
        state: "crashed",
        previousState: "online",
        node: "de-fra-1",
        reason: "exit code 137",
        serverId: "srv_42",
        url: "https://panel.example.com/servers/42",
      },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "💥 Server crashed",
      description: "**Survival \\*\\#1\\*** is now **crashed**.",
      url: "https://panel.example.com/servers/42",
      color: COLORS.failure,
      fields: [
        { name: "State", value: "Crashed", inline: true },
        { name: "Previous state", value: "Online", inline: true },
        { name: "Node", value: "de\\-fra\\-1", inline: true },
        { name: "Server ID", value: "`srv_42`", inline: true },
        { name: "Reason", value: "exit code 137", inline: false },
      ],
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expectDiscordAccepts(embed);
  });

  const expected = {
    online: ["🟢 Server online", COLORS.success],
    offline: ["⚫ Server offline", COLORS.warning],
    starting: ["🔄 Server starting", COLORS.info],
    stopping: ["⏹️ Server stopping", COLORS.warning],
    crashed: ["💥 Server crashed", COLORS.failure],
    installing: ["📦 Server installing", COLORS.info],
    suspended: ["⛔ Server suspended", COLORS.alert],
  } as const;

  it.each(SERVER_STATES)("gives state %s its own title and colour", (state) => {
    const embed = embeds.serverStateChange({ serverName: "alpha", state });
    expect([embed.title, embed.color]).toEqual(expected[state]);
    expect(embed.fields?.[0]?.name).toBe("State");
    expectDiscordAccepts(embed);
  });

  it("leaves out optional fields that are absent or blank", () => {
    const embed = embeds.serverStateChange({ serverName: "alpha", state: "online", node: "  ", reason: "" });
    expect(embed.fields?.map((f) => f.name)).toEqual(["State"]);
    expect(embed.timestamp).toBeUndefined();
    expect(embed.footer).toBeUndefined();
  });

  it("keeps mentions and markdown in user text from doing anything", () => {
    const embed = embeds.serverStateChange({ serverName: "@everyone `x`", state: "online", reason: "<@123456789012345678> **hi**" });
    expect(embed.description).toBe("**@\u200beveryone \\`x\\`** is now **online**.");
    expect(embed.fields?.find((f) => f.name === "Reason")?.value).toBe("<@\u200b123456789012345678\\> \\*\\*hi\\*\\*");
  });

  it.each([
    [{ state: "online" }, ["serverName"]],
    [{ serverName: " \n ", state: "online" }, ["serverName"]],
    [{ serverName: "a", state: "exploded" }, ["state"]],
    [{ serverName: "a", state: "online", previousState: "gone" }, ["previousState"]],
    [{ serverName: 5, state: "online", url: "ftp://example.com" }, ["serverName", "url"]],
    [{ serverName: "a", state: "online", timestamp: "yesterday" }, ["timestamp"]],
    [{ serverName: "a", state: "online", node: 1, reason: null }, ["node", "reason"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("serverStateChange", input), paths);
  });

  it("rejects input that is not an object", () => {
    expectValidationError(() => build("serverStateChange", null), []);
    expectValidationError(() => build("serverStateChange", "online"), []);
  });
});
