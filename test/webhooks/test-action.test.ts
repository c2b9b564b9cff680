import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { ConfigError, DeliveryRefusedError, DiscordHTTPError, NotFoundError, StoreError } from "../../src/errors.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import type { TesterResult, WebhookTester } from "../../src/webhooks/types.js";
import { alice, bob, TOKEN_A, webhookUrl } from "./fixtures.js";

async function setup(tester: WebhookTester) {
  const store = memoryStore();
  const manager = createWebhookManager({ store, dispatcher: tester, testCooldownMs: 0 });
  const w = await manager.create(alice, { name: "Mine", webhookUrl: webhookUrl(), type: "VPS", scope: "USER" });
  return { store, manager, id: w.id };
}

describe("manager.test", () => {
  it("reports the dispatcher's answer with tokens masked and the prefix dropped", async () => {
    const error = new DiscordHTTPError(400, 50035, "https://discord.com/api/v10/webhooks/123456789012345678/***", `token ${TOKEN_A} echoed`);
    const { manager, id } = await setup({ test: () => Promise.resolve({ ok: false, status: 400, error }) });
    const result = await manager.test(alice, id);
    expect(result).toMatchObject({ ok: false, mode: "test", status: 400, error: { code: "DISCORD_HTTP" } });
    expect(result.error?.message).not.toContain(TOKEN_A);
    expect(result.error?.message.startsWith("[discord-webhook-dispatcher]")).toBe(false);
  });

  it("turns a refusal into a result, but lets store failures and vanished webhooks through", async () => {
    const refused = await setup({ test: () => Promise.reject(new DeliveryRefusedError("WEBHOOK_DISABLED", "disabled")) });
    // The person clicking "Test" is told the error's userMessage, not its technical message.
    expect(await refused.manager.test(alice, refused.id)).toMatchObject({
      ok: false,
      error: { code: "WEBHOOK_DISABLED", message: "This webhook is disabled. Enable it again, or paste a new webhook URL." },
    });
    const odd = await setup({ test: () => Promise.reject(new Error(`socket details ${TOKEN_A}`)) });
    expect((await odd.manager.test(alice, odd.id)).error).toEqual({ code: "TEST_FAILED", message: "The test could not be run." });
    const broken = await setup({ test: () => Promise.reject(new StoreError("memory", "down")) });
    await expect(broken.manager.test(alice, broken.id)).rejects.toBeInstanceOf(StoreError);
    const gone = await setup({ test: () => Promise.reject(new NotFoundError("gone")) });
    await expect(gone.manager.test(alice, gone.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("uses verify only when asked, and needs a dispatcher that can", async () => {
    const calls: string[] = [];
    const ok = (what: string) => (): Promise<TesterResult> => {
      calls.push(what);
      return Promise.resolve({ ok: true, status: 200 });
    };
    const { manager, id } = await setup({ test: ok("test"), verify: ok("verify") });
    expect((await manager.test(alice, id, { verify: true })).mode).toBe("verify");
    expect((await manager.test(alice, id)).mode).toBe("test");
    expect(calls).toEqual(["verify", "test"]);
    const noVerify = await setup({ test: ok("test") });
    await expect(noVerify.manager.test(alice, noVerify.id, { verify: true })).rejects.toBeInstanceOf(ConfigError);
  });

  it("never reaches the dispatcher for someone else's webhook", async () => {
    let called = 0;
    const { manager, id } = await setup({ test: () => Promise.resolve({ ok: true, status: (called += 1) }) });
    await expect(manager.test(bob, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(called).toBe(0);
  });

  it("needs a store", () => {
    expect(() => createWebhookManager({ dispatcher: { test: () => Promise.resolve({ ok: true }) } })).toThrow(ConfigError);
  });
});
