import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { expectNoTokens, managementFlow, type FlowContext } from "./flow.js";
import { freePort, ROOT, startApp, type RunningApp } from "./helpers.js";

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

  it("an unknown event is a 404", async () => {
    expect((await fetch(`${app.origin}/events/nope`, { method: "POST" })).status).toBe(404);
  });

  it("no token in any response body or log line", () => {
    expect(bodies.length).toBeGreaterThan(10);
    expectNoTokens(fake, [...bodies, app.output()]);
  });
});
