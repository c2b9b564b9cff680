import { describe, expect, it } from "vitest";
import { errorAlerts, errorFingerprint, withErrorAlerts } from "../../src/compat/index.js";
import { embedOf, setup } from "./helpers.js";

const TOKEN = "made-up-token-" + "x".repeat(50);
const leaky = () => new Error(`POST https://discord.com/api/v10/webhooks/123456789012345678/${TOKEN} failed for user 4711`);

describe("withErrorAlerts", () => {
  it("re-throws the very error at once and posts a SECURITY alert with route, method, status and a redacted stack", async () => {
    const { dispatcher, received } = await setup();
    const thrown = leaky();
    const handler = withErrorAlerts((...args: [Request, { params: Promise<{ id: string }> }]) => Promise.reject(args[0].method === "POST" ? thrown : new Error("not a POST")), dispatcher, { route: "/api/servers/[id]" });
    await expect(handler(new Request("http://panel.test/api/servers/9?secret=1", { method: "POST" }), { params: Promise.resolve({ id: "9" }) })).rejects.toBe(thrown);
    await dispatcher.flush();
    const [message] = received("SECURITY");
    const text = JSON.stringify(message?.body);
    expect(embedOf(message).title).toMatch(/500 on POST \/api\/servers\/\\\[id\\\]$/);
    expect(text).toContain("status 500");
    expect(text).toMatch(/at .*error-alerts\.test\.ts/);
    expect(text).not.toContain(TOKEN);
    expect(thrown.message).toContain(TOKEN);
    await dispatcher.close();
  });

  it("does not wait for Discord before re-throwing", async () => {
    const { dispatcher, fake, hooks, received } = await setup();
    fake.inject(hooks.SECURITY.id, { kind: "delay", ms: 1500 });
    const handler = withErrorAlerts(() => {
      throw new Error("boom");
    }, dispatcher);
    const t0 = performance.now();
    await expect(handler(new Request("http://panel.test/x"))).rejects.toThrow("boom");
    expect(performance.now() - t0).toBeLessThan(500);
    await dispatcher.flush();
    expect(received("SECURITY")).toHaveLength(1);
    await dispatcher.close();
  });

  it("the same error in a loop posts once per window; the next alert counts the repeats", async () => {
    const { dispatcher, received } = await setup();
    let now = 0;
    const handler = withErrorAlerts((req: Request) => Promise.reject(new Error(`server ${new URL(req.url).pathname.slice(1)} not found`)), dispatcher, { windowMs: 60_000, now: () => now });
    for (let i = 0; i < 20; i++) await handler(new Request(`http://panel.test/${1000 + i}`)).catch(() => undefined);
    await dispatcher.flush();
    expect(received("SECURITY")).toHaveLength(1);
    now = 61_000;
    await handler(new Request("http://panel.test/7")).catch(() => undefined);
    await dispatcher.flush();
    expect(received("SECURITY")).toHaveLength(2);
    expect(embedOf(received("SECURITY")[1]).description).toContain("19 more times in the previous window");
    await dispatcher.close();
  });

  it("a returned response passes through without an alert; a failing alert never reaches the caller", async () => {
    const { dispatcher, fake, hooks, received } = await setup();
    const ok = withErrorAlerts(() => new Response("fine", { status: 200 }), dispatcher);
    expect(await (await ok(new Request("http://panel.test/"))).text()).toBe("fine");
    fake.inject(hooks.SECURITY.id, { status: 400, body: { code: 50035, message: "Invalid Form Body" } });
    const logged: string[] = [];
    const failing = withErrorAlerts(() => Promise.reject(new TypeError("nope")), dispatcher, { logger: { error: (m) => logged.push(m) } });
    await expect(failing(new Request("http://panel.test/"))).rejects.toThrow(TypeError);
    await dispatcher.flush();
    for (let i = 0; i < 50 && logged.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received("SECURITY")).toHaveLength(0);
    expect(logged).toEqual(["[discord-webhook-dispatcher] error alert not delivered"]);
    await dispatcher.close();
  });

  it("fingerprints ignore numbers and ids but not the error's name or place", () => {
    const at = (e: Error, frame: string) => Object.assign(e, { stack: `${e.name}: ${e.message}\n    at ${frame}` });
    const a = at(new Error("user 12 missing (req 3f2a9c81d4e5)"), "load (a.ts:1:1)");
    const b = at(new Error("user 97 missing (req 0b1c2d3e4f56)"), "load (a.ts:1:1)");
    expect(errorFingerprint(a)).toBe(errorFingerprint(b));
    expect(errorFingerprint(a)).not.toBe(errorFingerprint(at(new TypeError(a.message), "load (a.ts:1:1)")));
    expect(errorFingerprint(a)).not.toBe(errorFingerprint(at(new Error(a.message), "save (b.ts:9:1)")));
  });
});

describe("errorAlerts (Express-style middleware)", () => {
  it("alerts for 5xx errors and passes the error on untouched; 4xx errors pass without an alert", async () => {
    const { dispatcher, received } = await setup();
    const middleware = errorAlerts(dispatcher);
    const passed: unknown[] = [];
    const boom = new Error("db down");
    middleware(boom, { method: "GET", originalUrl: "/api/nodes?key=1", route: { path: "/api/nodes" } }, {}, (e) => passed.push(e));
    const notFound = Object.assign(new Error("no such page"), { status: 404 });
    middleware(notFound, { method: "GET", originalUrl: "/nope" }, {}, (e) => passed.push(e));
    expect(passed).toEqual([boom, notFound]);
    expect(passed[0]).toBe(boom);
    await dispatcher.flush();
    expect(received("SECURITY")).toHaveLength(1);
    expect(embedOf(received("SECURITY")[0]).title).toMatch(/500 on GET \/api\/nodes$/);
    await dispatcher.close();
  });
});
