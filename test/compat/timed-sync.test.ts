import { describe, expect, it } from "vitest";
import { timedSync } from "../../src/compat/index.js";
import { embedOf, setup } from "./helpers.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("timedSync", () => {
  it("returns fn's result and reports success with its real duration and summary", async () => {
    const { dispatcher, received } = await setup();
    const result = await timedSync(dispatcher, async () => {
      await sleep(300);
      return { summary: { nodes: 4, servers: 120 }, extra: true };
    }, { source: "Panel" });
    expect(result).toEqual({ summary: { nodes: 4, servers: 120 }, extra: true });
    await dispatcher.flush();
    const embed = embedOf(received("SYSTEM")[0]);
    expect(embed.title).toBe("✅ Sync completed");
    expect(embed.fields).toEqual(expect.arrayContaining([{ name: "Nodes", value: "4", inline: true }, { name: "Source", value: "Panel", inline: true }]));
    const duration = (embed.fields as { name: string; value: string }[]).find((f) => f.name === "Duration")?.value ?? "";
    const ms = Number(/^(\d+) ms$/.exec(duration)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2000);
    await dispatcher.close();
  });

  it("a string result is the summary's text", async () => {
    const { dispatcher, received } = await setup();
    expect(await timedSync(dispatcher, () => "12 servers moved")).toBe("12 servers moved");
    await dispatcher.flush();
    expect(embedOf(received("SYSTEM")[0]).fields).toContainEqual({ name: "Details", value: "12 servers moved", inline: false });
    await dispatcher.close();
  });

  it("rethrows fn's error untouched and reports the failure with a token-free message", async () => {
    const { dispatcher, received } = await setup();
    const token = "made-up-" + "y".repeat(60);
    const failure = new Error(`could not reach https://discord.com/api/webhooks/123456789012345678/${token}`);
    await expect(timedSync(dispatcher, () => Promise.reject(failure))).rejects.toBe(failure);
    await dispatcher.flush();
    const embed = embedOf(received("SYSTEM")[0]);
    expect(embed.title).toBe("❌ Sync failed");
    expect(JSON.stringify(embed)).toContain("could not reach");
    expect(JSON.stringify(embed)).not.toContain(token);
    await dispatcher.close();
  });
});
