import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookRoutes } from "../../src/http/index.js";
import type { Actor } from "../../src/webhooks/types.js";
import { admin, alice } from "../webhooks/fixtures.js";
import { as, BASE, call, createHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ bodyTimeoutMs: 150, manager: { testCooldownMs: 5000, maxWebhooksPerOwner: 3 } });
});
afterAll(async () => {
  await h.close();
});

async function create(actor: Actor = alice) {
  const hook = h.fake.addWebhook();
  const res = await call(h, "POST", "", actor, { name: "Alerts", webhookUrl: hook.url, type: "VPS", scope: "USER" });
  expect(res.status).toBe(201);
  return { hook, id: res.json.webhook.id as string };
}

describe("routes: a body that stalls", () => {
  it("answers 408 within bodyTimeoutMs", async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":'));
      },
    });
    const init = { method: "POST", headers: { ...as(alice), "content-type": "application/json" }, body: stalled, duplex: "half" };
    const started = Date.now();
    const res = await h.handler(new Request(BASE, init));
    expect(res.status).toBe(408);
    expect((await res.json()).error.code).toBe("REQUEST_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("defaults to about 10 s", async () => {
    const { DEFAULT_BODY_TIMEOUT_MS } = await import("../../src/http/index.js");
    expect(DEFAULT_BODY_TIMEOUT_MS).toBe(10_000);
  });
});

describe("routes: what authorize returns is checked", () => {
  const bad: unknown[] = [{ isAdmin: "false" }, { isAdmin: false }, { isAdmin: "true", userId: "x" }, { userId: "" }, { userId: 5 }, undefined, "admin", {}];

  it.each(bad.map((v) => [v === undefined ? "undefined" : JSON.stringify(v), v]))("%s is a 500 BAD_ACTOR, nothing is done, nothing echoed", async (_label, actor) => {
    const errors: unknown[] = [];
    const handler = createWebhookRoutes({ manager: h.manager, authorize: () => actor as Actor, onError: (e) => errors.push(e), basePath: "/api/webhooks" });
    const before = (await h.store.listWebhooks()).length;
    const hook = h.fake.addWebhook();
    const res = await handler(new Request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x", webhookUrl: hook.url, type: "VPS", scope: "ADMIN" }) }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe("BAD_ACTOR");
    expect(JSON.parse(text).error.message).toContain("authorize returned a bad actor");
    expect(text).not.toMatch(/"false"|"true"|isAdmin/);
    expect((await h.store.listWebhooks()).length).toBe(before);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain("authorize returned a bad actor");
  });

  it("null is still 401, and good actors still work", async () => {
    const signedOut = createWebhookRoutes({ manager: h.manager, authorize: () => null });
    expect((await signedOut(new Request("http://x/"))).status).toBe(401);
    const staff = createWebhookRoutes({ manager: h.manager, authorize: () => ({ userId: null, isAdmin: true }) });
    expect((await staff(new Request("http://x/"))).status).toBe(200);
  });
});

describe("routes: abuse controls", () => {
  it("a second test within the cooldown is 429 with Retry-After, for test and verify alike", async () => {
    const { hook, id } = await create();
    expect((await call(h, "POST", `/${id}/test`, alice)).status).toBe(200);
    for (const path of [`/${id}/test`, `/${id}/test?verify=1`]) {
      const again = await call(h, "POST", path, alice);
      expect(again.status).toBe(429);
      expect(again.json.error.code).toBe("COOLDOWN");
      const retry = Number(again.headers.get("retry-after"));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(5);
    }
    expect(h.fake.messages(hook.id)).toHaveLength(1);
    // An admin testing the same webhook is another actor.
    expect((await call(h, "POST", `/${id}/test`, admin)).status).toBe(200);
  });

  it("one webhook more than the cap is 409 WEBHOOK_LIMIT", async () => {
    const owner: Actor = { userId: "user-capped", isAdmin: false };
    for (let i = 0; i < 3; i += 1) await create(owner);
    const hook = h.fake.addWebhook();
    const res = await call(h, "POST", "", owner, { name: "One too many", webhookUrl: hook.url, type: "VPS", scope: "USER" });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("WEBHOOK_LIMIT");
    expect(res.json.error.message).toContain("3");
  });

  it("a name holding a webhook URL is a 400 on create and update, and never echoed", async () => {
    const { hook, id } = await create();
    const name = `copy of ${hook.url}`.slice(0, 80);
    const created = await call(h, "POST", "", alice, { name, webhookUrl: h.fake.addWebhook().url, type: "VPS", scope: "USER" });
    expect(created.status).toBe(400);
    expect(created.json.error.issues).toEqual([{ path: "name", message: expect.stringContaining("webhook URL") }]);
    const patched = await call(h, "PATCH", `/${id}`, alice, { name: `token ${hook.token}`.slice(0, 80) });
    expect(patched.status).toBe(400);
    for (const text of [created.text, patched.text]) expect(text).not.toContain(hook.token.slice(0, 30));
  });
});
