/**
 * Issue 15 item 16: only tests whose request reached Discord spend the test cooldown. Through the routes, the real
 * dispatcher and the Discord fake.
 */
import { afterEach, describe, expect, it } from "vitest";
import { alice } from "../webhooks/fixtures.js";
import { call, createHarness, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function create(harness: Harness, enabled: boolean) {
  const hook = harness.fake.addWebhook();
  const res = await call(harness, "POST", "", alice, { name: "Alerts", webhookUrl: hook.url, type: "VPS", scope: "USER", enabled });
  expect(res.status).toBe(201);
  return { hook, id: res.json.webhook.id as string };
}

describe("a refused test does not spend the cooldown", () => {
  it("testing a disabled webhook sends nothing, and the verify right after is answered by Discord", async () => {
    h = await createHarness({ manager: { testCooldownMs: 5000 } });
    const { hook, id } = await create(h, false);
    const refused = await call(h, "POST", `/${id}/test`, alice);
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ ok: false, error: { code: "WEBHOOK_DISABLED" } });
    expect(h.fake.requests()).toHaveLength(0);
    const verified = await call(h, "POST", `/${id}/test?verify=1`, alice);
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ ok: true, mode: "verify", status: 200 });
    expect(h.fake.requests().filter((r) => r.webhookId === hook.id)).toHaveLength(1);
    // That one reached Discord: the next is held.
    const again = await call(h, "POST", `/${id}/test?verify=1`, alice);
    expect(again.status).toBe(429);
    expect(again.json.error.code).toBe("COOLDOWN");
  });

  it("a test refused by the invalid-request brake does not spend it either", async () => {
    h = await createHarness({ manager: { testCooldownMs: 5000 } });
    const { hook, id } = await create(h, true);
    // A 401 through another record of the same Discord id backs the id off in the engine.
    h.fake.inject(hook.id, { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } }, { times: 1 });
    const other = await h.store.createWebhook({ name: "twin", webhookUrl: `${hook.url}?thread_id=123456789012345678`, type: "VPS", scope: "USER", userId: "user-alice", avatarUrl: null });
    expect((await h.dispatcher.verify(other.id)).status).toBe(401);
    const braked = await call(h, "POST", `/${id}/test`, alice);
    expect(braked.json).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST_BRAKE" } });
    const next = await call(h, "POST", `/${id}/test`, alice);
    expect(next.status).toBe(200);
    expect(next.json.error.code).toBe("INVALID_REQUEST_BRAKE");
  });
});
