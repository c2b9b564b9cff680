import { describe, expect, it } from "vitest";
import { toEntry } from "../../src/delivery-log/entry.js";
import type { SettledDelivery } from "../../src/delivery/types.js";

const NONE = { allowed_mentions: { parse: [] } };
const TOKEN = "e".repeat(68);
const url = `https://discord.com/api/v10/webhooks/120000000000000001/${TOKEN}`;

function settled(embeds: SettledDelivery["embeds"], message: SettledDelivery["message"], webhookId = "w1"): SettledDelivery {
  return { tag: { entryId: `e-${webhookId}`, family: "dispatch", type: "VPS", queuedAt: 0 }, webhookId, embeds, message, outcome: { status: "delivered", messageIds: ["1"], attempts: 1, lastStatus: 200 } };
}

describe("delivery log entries: the body as sent", () => {
  it("one embed logged for many webhooks: each entry has the body of its own message options, token-free", () => {
    const embed = { title: "disk full", description: `see ${url}` };
    const plain = toEntry(settled([embed], NONE), new Date(1000), 16_384);
    const named = toEntry(settled([embed], { ...NONE, username: "Ops bot" }, "w2"), new Date(1000), 16_384);
    const again = toEntry(settled([embed], NONE, "w3"), new Date(1000), 16_384);
    expect(JSON.parse(plain.body)).toEqual({ ...NONE, embeds: [{ title: "disk full", description: "see https://discord.com/api/v10/webhooks/120000000000000001/***" }] });
    expect(JSON.parse(named.body)).toMatchObject({ username: "Ops bot", embeds: [{ title: "disk full" }] });
    expect(JSON.parse(again.body)).not.toHaveProperty("username");
    for (const entry of [plain, named, again]) expect(entry.body).not.toContain(TOKEN);
  });

  it("several embeds and the same options: the body holds every embed in order", () => {
    const message = { ...NONE, content: "two" };
    const first = { title: "a" };
    const entry = toEntry(settled([first, { title: "b" }], message), new Date(1000), 16_384);
    const alone = toEntry(settled([first], message), new Date(1000), 16_384);
    expect(JSON.parse(entry.body)).toEqual({ ...NONE, content: "two", embeds: [{ title: "a" }, { title: "b" }] });
    expect(JSON.parse(alone.body)).toEqual({ ...NONE, content: "two", embeds: [{ title: "a" }] });
  });
});
