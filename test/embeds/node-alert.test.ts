import { describe, expect, it } from "vitest";
import { COLORS, DEFAULT_USAGE_THRESHOLD, NODE_RESOURCES, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.nodeAlert", () => {
  it("builds a typical high-usage embed", () => {
    const embed = embeds.nodeAlert(
      { node: "de-fra-1", resource: "memory", usage: 91.44, threshold: 85, details: "java uses 12 GB", nodeId: "n1" },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "⚠️ High memory usage",
      description: "Memory usage on **de\\-fra\\-1** is 91.4%, at or over its 85% threshold.",
      color: COLORS.alert,
      fields: [
        { name: "Node", value: "de\\-fra\\-1", inline: true },
        { name: "Resource", value: "Memory", inline: true },
        { name: "Usage", value: "`█████████░` 91.4%", inline: true },
        { name: "Threshold", value: "85%", inline: true },
        { name: "Node ID", value: "`n1`", inline: true },
        { name: "Details", value: "java uses 12 GB", inline: false },
      ],
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expectDiscordAccepts(embed);
  });

  it.each([
    ["cpu", "CPU"],
    ["memory", "Memory"],
    ["disk", "Disk"],
    ["network", "Network"],
  ] as const)("names resource %s as %s", (resource, label) => {
    expect(NODE_RESOURCES).toContain(resource);
    const embed = embeds.nodeAlert({ node: "n", resource, usage: 90 });
    expect(embed.title).toBe(`⚠️ High ${label.toLowerCase()} usage`);
    expect(embed.fields?.find((f) => f.name === "Resource")?.value).toBe(label);
    expectDiscordAccepts(embed);
  });

  it.each([
    [10, 80, "✅ Normal cpu usage", COLORS.success],
    [79.9, undefined, "✅ Normal cpu usage", COLORS.success],
    [80, undefined, "⚠️ High cpu usage", COLORS.alert],
    [94.9, 90, "⚠️ High cpu usage", COLORS.alert],
    [95, 99, "🚨 Critical cpu usage", COLORS.failure],
    [250, 80, "🚨 Critical cpu usage", COLORS.failure],
  ])("colours usage %d%% with threshold %s", (usage, threshold, title, color) => {
    const embed = embeds.nodeAlert({ node: "n", resource: "cpu", usage, threshold });
    expect(embed.title).toBe(title);
    expect(embed.color).toBe(color);
    expectDiscordAccepts(embed);
  });

  it("defaults the threshold and says which side of it usage is", () => {
    const embed = embeds.nodeAlert({ node: "n", resource: "disk", usage: 12.25 });
    expect(embed.fields?.find((f) => f.name === "Threshold")?.value).toBe(`${DEFAULT_USAGE_THRESHOLD}%`);
    expect(embed.description).toBe("Disk usage on **n** is 12.3%, under its 80% threshold.");
    expect(embed.fields?.find((f) => f.name === "Usage")?.value).toBe("`█░░░░░░░░░` 12.3%");
  });

  it.each([
    [{ resource: "cpu", usage: 1 }, ["node"]],
    [{ node: "", resource: "cpu", usage: 1 }, ["node"]],
    [{ node: "n", resource: "gpu", usage: 1 }, ["resource"]],
    [{ node: "n", resource: "cpu", usage: -1 }, ["usage"]],
    [{ node: "n", resource: "cpu", usage: Number.NaN }, ["usage"]],
    [{ node: "n", resource: "cpu", usage: Number.POSITIVE_INFINITY }, ["usage"]],
    [{ node: "n", resource: "cpu", usage: "90" }, ["usage"]],
    [{ node: "n", resource: "cpu", usage: 50, threshold: -5, details: 3 }, ["threshold", "details"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("nodeAlert", input), paths);
  });
});
