import { describe, expect, it } from "vitest";
import { changedFields, createLegacyDispatch, NO_WEBHOOK, SECRET_SETTING } from "../../src/compat/index.js";
import { embedOf, setup } from "./helpers.js";

describe("createLegacyDispatch against the Discord fake", () => {
  it("each legacy function posts its event to the webhooks of its type and resolves with { success, sent, failed, errors }", async () => {
    const { dispatcher, received } = await setup();
    const legacy = createLegacyDispatch(dispatcher);
    const ok = { success: true, sent: 1, failed: 0, errors: [] };
    expect(await legacy.dispatchWebhook("CUSTOM", { title: "own embed" })).toEqual(ok);
    expect(await legacy.dispatchWebhook("CUSTOM", [{ title: "one" }, { title: "two" }])).toEqual(ok);
    expect(await legacy.dispatchServerStateChange("Survival #1", "CRASHED", "de-fra-1")).toEqual(ok);
    expect(await legacy.dispatchSettingsUpdate(changedFields({ smtp: { host: "a" } }, { smtp: { host: "b" } }), "alice")).toEqual(ok);
    expect(await legacy.dispatchSyncCompletion(true, { nodes: 4, servers: 120 }, 8.5)).toEqual(ok);
    expect(await legacy.dispatchSystemAlert("Login storm", "120 failed logins", "WARNING", "auth")).toEqual(ok);
    expect(await legacy.dispatchSupportTicket("created", 42, "Server down", "bob")).toEqual(ok);
    expect(await legacy.dispatchNodeAlert("node-3", "memory", 93, 90)).toEqual(ok);
    expect(await legacy.dispatchBillingEvent("invoice_paid", 12.5, "usd", "carol")).toEqual(ok);

    expect(received("CUSTOM").map((m) => (m.body.embeds as unknown[]).length)).toEqual([1, 2]);
    const state = embedOf(received("GAME_SERVER")[0]);
    expect(state.title).toBe("💥 Server crashed");
    expect(state.fields).toContainEqual({ name: "Node", value: "de\\-fra\\-1", inline: true });
    expect(embedOf(received("SYSTEM")[0]).description).toContain("smtp.host");
    expect(embedOf(received("SYSTEM")[0]).fields).toContainEqual({ name: "Updated by", value: "alice", inline: true });
    // Seconds in, shown as the duration of the sync.
    expect(embedOf(received("SYSTEM")[1]).fields).toContainEqual({ name: "Duration", value: "8.5 s", inline: true });
    expect(embedOf(received("SECURITY")[0]).fields).toContainEqual(expect.objectContaining({ name: "Source", value: "auth" }));
    expect(JSON.stringify(embedOf(received("SUPPORT")[0]))).toContain("Server down");
    expect(received("VPS")).toHaveLength(1);
    expect(received("BILLING")).toHaveLength(1);
    await dispatcher.close();
  });

  it("a sync summary given as text is shown as the sync's details", async () => {
    const { dispatcher, received } = await setup();
    const { dispatchSyncCompletion } = createLegacyDispatch(dispatcher);
    expect((await dispatchSyncCompletion(false, "3 of 5 nodes synced", 2, new Error("panel timed out"))).success).toBe(true);
    const embed = embedOf(received("SYSTEM")[0]);
    expect(embed.title).toBe("❌ Sync failed");
    expect(embed.fields).toContainEqual({ name: "Details", value: "3 of 5 nodes synced", inline: false });
    await dispatcher.close();
  });

  it("invalid input never throws: it resolves with success false and a clear error, and sends nothing", async () => {
    const { dispatcher, fake } = await setup();
    const legacy = createLegacyDispatch(dispatcher);
    const bad = await legacy.dispatchServerStateChange("mc-1", "exploded" as "online");
    expect(bad).toMatchObject({ success: false, sent: 0, failed: 0 });
    expect(bad.errors).toEqual([{ webhook: NO_WEBHOOK, error: expect.stringMatching(/^\[discord-webhook-dispatcher\] Invalid serverStateChange input: state: /) as string }]);
    expect((await legacy.dispatchSettingsUpdate([])).errors[0]?.error).toMatch(/changedFields/);
    expect((await legacy.dispatchWebhook("NOPE" as "CUSTOM", { title: "x" })).success).toBe(false);
    expect(fake.requests()).toHaveLength(0);
    await dispatcher.close();
  });

  it("a failed delivery is reported by webhook name, with a token-free message", async () => {
    const { dispatcher, fake, hooks } = await setup();
    fake.inject(hooks.GAME_SERVER.id, { status: 404, body: { code: 10015, message: "Unknown Webhook" } });
    const result = await createLegacyDispatch(dispatcher).dispatchServerStateChange("mc-1", "online");
    expect(result).toMatchObject({ success: false, sent: 0, failed: 1 });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.webhook).toBe("game_server hook");
    expect(result.errors[0]?.error).toMatch(/404/);
    expect(JSON.stringify(result)).not.toContain(hooks.GAME_SERVER.token);
    await dispatcher.close();
  });

  it("defaults route every call (userId, scopes); a call's own options override them", async () => {
    const { dispatcher, received } = await setup();
    const legacy = createLegacyDispatch(dispatcher, { defaults: { username: "Panel" } });
    await legacy.dispatchNodeAlert("node-1", "cpu", 99);
    await legacy.dispatchNodeAlert("node-1", "cpu", 99, undefined, { username: "Ops" });
    expect(received("VPS").map((m) => m.body.username)).toEqual(["Panel", "Ops"]);
    await dispatcher.close();
  });

  it("the secret mask reaches Discord instead of the secret's name", async () => {
    const { dispatcher, received } = await setup();
    const fields = changedFields({ stripeKey: "a", smtp: { password: "x" } }, { stripeKey: "b", smtp: { password: "y" } });
    expect(fields).toEqual([SECRET_SETTING]);
    await createLegacyDispatch(dispatcher).dispatchSettingsUpdate(fields);
    const text = JSON.stringify(received("SYSTEM")[0]?.body);
    expect(text).toContain(SECRET_SETTING);
    expect(text).not.toMatch(/stripeKey|password/);
    await dispatcher.close();
  });
});
