import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { expectNoTokens, managementFlow, type FlowContext } from "./flow.js";
import { freePort, ROOT, startApp, type RunningApp } from "./helpers.js";
import { rawExchange, requestBytes } from "../../test/http/raw-socket.js";

let fake: DiscordFake;
let app: RunningApp;
const bodies: string[] = [];

beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  const port = await freePort();
  const dir = join(ROOT, "examples", "express");
  app = await startApp("express example", join(dir, "node_modules", ".bin", "tsx"), ["src/server.ts"], {
    cwd: dir,
    port,
    healthPath: "/healthz",
    env: { PORT: String(port), DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "dwd-express-")), "e2e.db")}`, DISCORD_API_BASE_URL: fake.apiBaseUrl },
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

describe("examples/express", () => {
  managementFlow((): FlowContext => ({ origin: app.origin, fake, eventsPath: "/events", bodies }));

  it("hostile request lines, alone or pipelined after a normal GET, are answered and the process lives on", async () => {
    const port = Number(new URL(app.origin).port);
    const auth = ["x-user-id: mallory"];
    const close = [...auth, "connection: close"];
    // Express's router cannot parse an absolute-form target with an invalid host, so the request never reaches the
    // mounted bridge and Express itself answers 404: an answer all the same.
    for (const [line, status] of [
      ["TRACE /api/webhooks HTTP/1.1", 405],
      ["TRACE http://%zz/api/webhooks HTTP/1.1", 404],
      ["GET http://%zz/api/webhooks HTTP/1.1", 404],
      ["POST http://%zz/api/webhooks HTTP/1.1", 404],
      ["GET //%zz/api/webhooks HTTP/1.1", 404],
    ] as const) {
      expect((await rawExchange(port, requestBytes(line, close))).statuses, line).toEqual([status]);
    }
    const pipelined = [
      requestBytes("GET /api/webhooks HTTP/1.1", auth),
      requestBytes("TRACE /api/webhooks HTTP/1.1", auth),
      requestBytes("GET http://%zz/api/webhooks HTTP/1.1", auth),
      requestBytes("GET /api/webhooks HTTP/1.1", close),
    ].join("");
    expect((await rawExchange(port, pipelined)).statuses).toEqual([200, 405, 404, 200]);
    const health = await fetch(`${app.origin}/healthz`);
    expect(health.status).toBe(200);
  });

  it("serves the drop-in panel at /api/webhooks/ to a browser signed in with the demo cookie", async () => {
    const login = await fetch(`${app.origin}/demo-login?user=alice`, { redirect: "manual" });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/api/webhooks/");
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(`${app.origin}/api/webhooks/`, { headers: { accept: "text/html,*/*;q=0.8", cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await page.text()).toContain("<title>Acme Hosting: Discord notifications</title>");
    const list = await fetch(`${app.origin}/api/webhooks`, { headers: { cookie } });
    expect(list.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await fetch(`${app.origin}/api/webhooks/`, { headers: { accept: "text/html" } })).status).toBe(401);
  });

  it("an unknown event is a 404", async () => {
    expect((await fetch(`${app.origin}/events/nope`, { method: "POST" })).status).toBe(404);
  });

  it("no token in any response body or log line", () => {
    expect(bodies.length).toBeGreaterThan(10);
    expectNoTokens(fake, [...bodies, app.output()]);
  });
});
