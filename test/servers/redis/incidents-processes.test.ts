/**
 * Incidents across real processes: three processes share one Redis and send the same crash loops (5 servers, each
 * process 12 rounds) to one webhook on the Discord fake with Discord's limits; one is SIGKILLed mid-stream. Each
 * problem stays one embed in one message (never posted twice, claims of the killed process lapse), whose count covers
 * every event the survivors got a result for, and never more events than were sent; the survivors lose nothing.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake } from "../../../src/testing/index.js";
import { killChildren, startChild, type Child } from "./support/children.js";
import type { MpConfig } from "./support/mp-config.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const redisUrl = requireRedisUrl();
const SERVERS = ["mc-1", "mc-2", "mc-3", "mc-4", "mc-5"];
const ROUNDS = 12;
let fake: DiscordFake | undefined;
afterAll(async () => {
  killChildren();
  await fake?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every embed the webhook's messages show now: the server it names and its count. */
function shown(hookId: string): { server: string; count: number }[] {
  return fake!.messages(hookId).flatMap((m) =>
    ((m.body.embeds ?? []) as { description?: string; fields?: { value: string }[] }[]).map((e) => ({
      server: /\*\*(mc\\-\d+)\*\*/.exec(e.description ?? "")?.[1]?.replace("\\", "") ?? "?",
      count: Number(/crashed (\d+) times?/.exec(e.fields?.map((f) => f.value).join("\n") ?? "")?.[1] ?? 0),
    })),
  );
}

describe("incidents across three processes on one Redis, one SIGKILLed", () => {
  it("each problem is one embed in one message, counting every confirmed event; the survivors lose nothing", async () => {
    fake = await createDiscordFake();
    const hook = fake.addWebhook();
    const cfg: MpConfig & { servers: string[]; rounds: number; gapMs: number } = {
      redisUrl,
      prefix: freshPrefix(),
      apiBaseUrl: fake.apiBaseUrl,
      leaseMs: 3000,
      seeds: [{ id: "w-ops", name: "ops", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }],
      durationMs: 0,
      perSecond: 0,
      bursts: [],
      servers: SERVERS,
      rounds: ROUNDS,
      gapMs: 150,
    };
    const configPath = join(mkdtempSync(join(tmpdir(), "dwd-inc-")), "config.json");
    writeFileSync(configPath, JSON.stringify(cfg));
    const procs = [0, 1, 2].map(() => startChild("inc-process.ts", configPath));
    const [killed, ...survivors] = procs as [Child, ...Child[]];
    // Killed once it has results for a few rounds: mid-stream, most likely with a claim or an edit in flight.
    for (let i = 0; i < 200 && killed.lines.filter((l) => "server" in l).length < 2 * SERVERS.length; i++) await sleep(50);
    killed.proc.kill("SIGKILL");

    for (const s of survivors) expect(await s.exited).toBe(0);
    const results = survivors.flatMap((s) => s.lines.filter((l) => "server" in l));
    expect(results).toHaveLength(2 * ROUNDS * SERVERS.length);
    expect(results.filter((r) => r.ok !== true)).toEqual([]);

    const embeds = shown(hook.id);
    for (const server of SERVERS) {
      const mine = embeds.filter((e) => e.server === server);
      expect(mine, `${server}: one embed`).toHaveLength(1);
      // Every event a survivor got a result for is counted; the killed process's are counted when it got that far.
      expect(mine[0]!.count).toBeGreaterThanOrEqual(2 * ROUNDS);
      expect(mine[0]!.count).toBeLessThanOrEqual(3 * ROUNDS);
    }
    expect(fake.stats().rateLimited).toBeLessThanOrEqual(2);
  }, 120_000);
});
