import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createWebhookRoutes } from "../../src/http/index.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import { StoreError } from "../../src/errors.js";
import { memoryStore } from "../../adapters/memory/index.js";
import { admin, alice } from "../webhooks/fixtures.js";
import { as, BASE, call, createHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ maxBodyBytes: 4096 });
});
afterAll(async () => {
  // No token in any log line of the whole file's run (tests, failures, disabling).
  const tokens = h.fake.webhooks().map((w) => w.token);
  expect(h.logs.length).toBeGreaterThan(0);
  for (const line of h.logs) for (const t of tokens) expect(line).not.toContain(t);
  await h.close();
});
afterEach(() => {
  h.fake.reset();
});

async function create(name = "Alerts") {
  const hook = h.fake.addWebhook();
  const res = await call(h, "POST", "", alice, { name, webhookUrl: hook.url, type: "GAME_SERVER", scope: "USER" });
  expect(res.status).toBe(201);
  return { hook, id: res.json.webhook.id as string, res };
}

describe("webhook routes: the happy path", () => {
  it("create → get → list → patch → test → delete, with no token in any body", async () => {
    const { hook, id, res: created } = await create();
    expect(created.json.webhook).toMatchObject({ name: "Alerts", scope: "USER", userId: "user-alice", enabled: true, testSuccessAt: null });
    expect(created.json.webhook.webhookUrl).toBe(`https://discord.com/api/v10/webhooks/${hook.id}/***`);
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const bodies = [created.text];

    const got = await call(h, "GET", `/${id}`, alice);
    expect(got.json.webhook.id).toBe(id);
    const list = await call(h, "GET", "?type=GAME_SERVER&enabled=true", alice);
    expect(list.json.webhooks.map((w: { id: string }) => w.id)).toContain(id);
    const patched = await call(h, "PATCH", `/${id}`, alice, { name: "Renamed" });
    expect(patched.json.webhook.name).toBe("Renamed");
    const tested = await call(h, "POST", `/${id}/test`, alice);
    expect(tested.status).toBe(200);
    expect(tested.json).toMatchObject({ ok: true, mode: "test", error: null, webhook: { id, enabled: true } });
    expect(tested.json.webhook.testSuccessAt).toEqual(expect.any(String));
    expect(h.fake.messages(hook.id)).toHaveLength(1);
    const verified = await call(h, "POST", `/${id}/test?verify=1`, alice);
    expect(verified.json).toMatchObject({ ok: true, mode: "verify" });
    expect(h.fake.messages(hook.id)).toHaveLength(1);
    bodies.push(got.text, list.text, patched.text, tested.text, verified.text);

    const deleted = await call(h, "DELETE", `/${id}`, alice);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call(h, "GET", `/${id}`, alice)).status).toBe(404);
    for (const b of bodies) expect(b).not.toContain(hook.token);
  });

  it("works without a base path and with a trailing slash", async () => {
    const handler = createWebhookRoutes({ manager: h.manager, authorize: () => alice });
    expect((await handler(new Request("http://x/"))).status).toBe(200);
    expect((await handler(new Request("http://x/anything/"))).status).toBe(404);
    expect((await h.handler(new Request(`${BASE}/`, { headers: as(alice) }))).status).toBe(200);
    expect((await h.handler(new Request("http://app.test/api/other", { headers: as(alice) }))).status).toBe(404);
  });
});

describe("webhook routes: Discord says the webhook is gone", () => {
  it.each([
    [404, { message: "Unknown Webhook", code: 10015 }],
    [401, { message: "Invalid Webhook Token", code: 50027 }],
  ])("a %i on test disables the webhook and says so", async (status, body) => {
    const { hook, id } = await create();
    h.fake.inject(hook.id, { status, body });
    const res = await call(h, "POST", `/${id}/test`, alice);
    expect(res.status).toBe(200);
    expect(res.json.ok).toBe(false);
    expect(res.json.status).toBe(status);
    expect(res.json.webhook.enabled).toBe(false);
    expect(res.json.error.message).not.toContain(hook.token);
    expect(res.text).not.toContain(hook.token);
    expect((await h.store.getWebhook(id))?.enabled).toBe(false);
    // Re-enabling by PATCH clears the reason.
    const again = await call(h, "PATCH", `/${id}`, alice, { enabled: true });
    expect(again.json.webhook).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("testing a disabled webhook reports why; verify still works on it", async () => {
    const { hook, id } = await create();
    await call(h, "PATCH", `/${id}`, alice, { enabled: false });
    const res = await call(h, "POST", `/${id}/test`, alice);
    expect(res.json).toMatchObject({ ok: false, mode: "test", status: null, error: { code: "WEBHOOK_DISABLED" } });
    expect(res.json.error.message).not.toMatch(/^\[discord-webhook-dispatcher\]/);
    expect(h.fake.messages(hook.id)).toHaveLength(0);
    expect((await call(h, "POST", `/${id}/test`, alice, { verify: true })).json).toMatchObject({ ok: true, mode: "verify" });
  });

  it("a 404 on verify disables it too, without posting", async () => {
    const { hook, id } = await create();
    h.fake.removeWebhook(hook.id);
    const res = await call(h, "POST", `/${id}/test`, alice, { verify: true });
    expect(res.json).toMatchObject({ ok: false, mode: "verify", status: 404, webhook: { enabled: false } });
    expect(h.fake.messages()).toHaveLength(0);
  });
});

describe("webhook routes: refusals", () => {
  it("400 lists field errors; hostile URLs are refused and never reach Discord", async () => {
    const bad = await call(h, "POST", "", alice, { name: "", webhookUrl: "x", type: "NOPE", scope: "USER" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("VALIDATION");
    expect(bad.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["name", "type", "webhookUrl"]);
    const token = "h".repeat(68);
    const hostile = await call(h, "POST", "", alice, { name: "n", webhookUrl: `https://discord.com.evil.example/api/webhooks/123456789012345678/${token}`, type: "VPS", scope: "USER" });
    expect(hostile.status).toBe(400);
    expect(hostile.json.error.code).toBe("INVALID_WEBHOOK_URL");
    expect(hostile.json.error.issues).toEqual([{ path: "webhookUrl", message: expect.stringContaining("host") }]);
    expect(hostile.text).not.toContain(token);
    expect(h.fake.stats().requests).toBe(0);
  });

  it("409 for a duplicate", async () => {
    const { hook } = await create();
    const dup = await call(h, "POST", "", alice, { name: "again", webhookUrl: hook.url.replace("discord.com", "discordapp.com"), type: "VPS", scope: "USER" });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("DUPLICATE_WEBHOOK");
    expect(dup.text).not.toContain(hook.token);
  });

  it("403 for a scope the user may not manage", async () => {
    const hook = h.fake.addWebhook();
    const res = await call(h, "POST", "", alice, { name: "n", webhookUrl: hook.url, type: "VPS", scope: "ADMIN" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("FORBIDDEN");
  });

  it("405 with Allow for a wrong method, 404 for unknown routes and odd ids", async () => {
    const { id } = await create();
    const put = await call(h, "PUT", `/${id}`, alice, {});
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, PATCH, DELETE");
    expect((await call(h, "DELETE", "", alice)).status).toBe(405);
    expect((await call(h, "GET", `/${id}/test`, alice)).status).toBe(405);
    for (const path of [`/${id}/other`, `/${id}/test/x`, "/%E0%A4%A", "/a%2Fb", `/${"x".repeat(300)}`, "/<script>"]) {
      expect((await call(h, "GET", path, alice)).status).toBe(404);
    }
    expect((await call(h, "PATCH", "/does-not-exist", admin, { name: "x" })).status).toBe(404);
  });

  it("415 for a body that is not JSON", async () => {
    const res = await h.handler(new Request(BASE, { method: "POST", headers: { ...as(alice), "content-type": "text/plain" }, body: "{}" }));
    expect(res.status).toBe(415);
    const noType = await h.handler(new Request(BASE, { method: "POST", headers: as(alice), body: new Blob(["{}"]) }));
    expect(noType.status).toBe(415);
    expect((await h.handler(new Request(BASE, { method: "POST", headers: { ...as(alice), "content-type": "application/merge-patch+json" }, body: "{}" }))).status).toBe(400);
  });

  it.each([
    ["{", "INVALID_JSON"],
    ["", "INVALID_JSON"],
    ["null", "VALIDATION"],
    ["[]", "VALIDATION"],
    ["\"a string\"", "VALIDATION"],
    ['{"name": 1e999}', "VALIDATION"],
    ['{"__proto__": {"isAdmin": true}, "name": "x"}', "VALIDATION"],
  ])("400 for the malformed body %j", async (body, code) => {
    const res = await call(h, "POST", "", alice, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(code);
  });

  it("400 for invalid UTF-8", async () => {
    const res = await h.handler(new Request(BASE, { method: "POST", headers: { ...as(alice), "content-type": "application/json" }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }));
    expect(res.status).toBe(400);
  });

  it("413 for an oversized body, declared or streamed without a length", async () => {
    const big = JSON.stringify({ name: "x".repeat(10_000) });
    expect((await call(h, "POST", "", alice, big)).status).toBe(413);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(" ".repeat(1024)));
      },
    });
    const init = { method: "POST", headers: { ...as(alice), "content-type": "application/json" }, body: endless, duplex: "half" };
    const res = await h.handler(new Request(BASE, init));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThan(20);
  });

  it("a test needs no body but a JSON content type; a body that is not JSON is a 415", async () => {
    const { id } = await create();
    const url = `${BASE}/${id}/test`;
    const jsonType = { ...as(alice), "content-type": "application/json" };
    expect((await h.handler(new Request(url, { method: "POST", headers: jsonType }))).status).toBe(200);
    expect((await h.handler(new Request(url, { method: "POST", headers: jsonType, body: new Blob([]) }))).status).toBe(200);
    expect((await h.handler(new Request(url, { method: "POST", headers: as(alice) }))).status).toBe(415);
    expect((await h.handler(new Request(url, { method: "POST", headers: as(alice), body: new Blob(["verify"]) }))).status).toBe(415);
  });

  it("400 for a bad list filter or test body", async () => {
    expect((await call(h, "GET", "?enabled=maybe", alice)).status).toBe(400);
    expect((await call(h, "GET", "?type=NOPE", alice)).status).toBe(400);
    const { id } = await create();
    expect((await call(h, "POST", `/${id}/test`, alice, { verify: "yes" })).status).toBe(400);
    expect((await call(h, "POST", `/${id}/test`, alice, [1])).status).toBe(400);
    expect((await call(h, "POST", `/${id}/test?verify=yes`, alice)).status).toBe(400);
    expect((await call(h, "POST", `/${id}/test?verify=maybe`, alice, { verify: true })).status).toBe(400);
    expect(h.fake.messages()).toHaveLength(0);
  });
});

describe("webhook routes: unexpected errors", () => {
  it("500 without internals; the default log line is redacted", async () => {
    const token = "s".repeat(68);
    const store = memoryStore();
    store.listWebhooks = () => Promise.reject(new StoreError("memory", `driver failed on https://discord.com/api/v10/webhooks/123456789012345678/${token}`));
    const manager = createWebhookManager({ store, dispatcher: { test: () => Promise.resolve({ ok: true }) } });
    const handler = createWebhookRoutes({ manager, authorize: () => admin });
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const res = await handler(new Request("http://x/"));
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: "Something went wrong on our side." } });
      expect(log).toHaveBeenCalledTimes(1);
      const line = log.mock.calls.flat().map(String).join(" ");
      expect(line).toContain("driver failed");
      expect(line).not.toContain(token);
    } finally {
      log.mockRestore();
    }
  });

  it("an authorize that throws is a 500, reported to onError", async () => {
    const errors: unknown[] = [];
    const handler = createWebhookRoutes({ manager: h.manager, authorize: () => { throw new Error("session store down"); }, onError: (e) => errors.push(e) });
    const res = await handler(new Request("http://x/"));
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("session store down");
    expect(errors).toHaveLength(1);
  });
});
