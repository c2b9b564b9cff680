import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, createWebhookRoutes } from "../../src/index.js";
import { BASE, as, authorize, call, createHarness, type Harness } from "./harness.js";

const alice = { userId: "alice", isAdmin: false };

describe("webhook routes: cross-site requests", () => {
  let h: Harness;
  let id: string;
  let tests = 0;
  const send = (method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> =>
    h.handler(new Request(`${BASE}${path}`, { method, headers: { ...as(alice), ...headers }, ...(body === undefined ? {} : { body }) }));

  beforeAll(async () => {
    h = await createHarness();
    const hook = h.fake.addWebhook();
    const created = await call(h, "POST", "", alice, { name: "Mine", webhookUrl: hook.url, type: "VPS", scope: "USER" });
    id = created.json.webhook.id;
    h.fake.reset();
  });
  afterAll(() => h.close());

  const posted = (): number => h.fake.messages().length;

  it("refuses a bodiless POST /:id/test without a JSON content type (sendBeacon, no-cors fetch): nothing is sent", async () => {
    const variants: Record<string, string>[] = [{}, { "content-type": "text/plain;charset=UTF-8" }, { origin: "null" }];
    for (const headers of variants) {
      const res = await send("POST", `/${id}/test`, headers);
      expect(res.status).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    expect(posted()).toBe(tests);
  });

  it("refuses a request whose Origin is another site with 403, even with JSON", async () => {
    const json = { "content-type": "application/json" };
    const evil = { origin: "https://evil.example" };
    expect((await send("POST", `/${id}/test`, { ...json, ...evil })).status).toBe(403);
    expect((await send("PATCH", `/${id}`, { ...json, ...evil }, '{"name":"pwned"}')).status).toBe(403);
    expect((await send("DELETE", `/${id}`, { ...json, ...evil })).status).toBe(403);
    expect((await send("POST", "", { ...json, ...evil }, "{}")).status).toBe(403);
    expect((await send("DELETE", `/${id}`, {})).status).toBe(415);
    expect(posted()).toBe(tests);
    expect((await call(h, "GET", `/${id}`, alice)).json.webhook.name).toBe("Mine");
    // Reading stays open to any caller that passes authorize (a browser does not let other sites read answers).
    expect((await send("GET", `/${id}`, evil)).status).toBe(200);
  });

  it("accepts JSON without Origin (server-side clients), and the app's own origin without JSON", async () => {
    expect((await send("POST", `/${id}/test`, { "content-type": "application/json" })).status).toBe(200);
    expect((await send("POST", `/${id}/test`, { origin: "http://app.test" })).status).toBe(200);
    // Behind a proxy: the public host arrives in Host or X-Forwarded-Host.
    expect((await send("POST", `/${id}/test`, { origin: "https://panel.example", "x-forwarded-host": "panel.example" })).status).toBe(200);
    tests += 3;
    expect(posted()).toBe(tests);
  });

  it("trusts allowedOrigins, can be turned off, and refuses an allowedOrigins entry that is not an origin", async () => {
    const routes = (csrf: Parameters<typeof createWebhookRoutes>[0]["csrf"]) => createWebhookRoutes({ manager: h.manager, authorize, basePath: "/api/webhooks", csrf });
    const request = (origin: string) => new Request(`${BASE}/${id}/test`, { method: "POST", headers: { ...as(alice), origin } });
    expect((await routes({ allowedOrigins: ["https://admin.example"] })(request("https://admin.example"))).status).toBe(200);
    expect((await routes({ allowedOrigins: ["https://admin.example"] })(request("https://other.example"))).status).toBe(403);
    expect((await routes(false)(request("https://other.example"))).status).toBe(200);
    tests += 2;
    expect(posted()).toBe(tests);
    for (const bad of ["admin.example", "https://admin.example/path", "*"]) {
      expect(() => routes({ allowedOrigins: [bad] })).toThrow(ConfigError);
    }
  });
});
