/**
 * The multi-process scenario, run on Redis and on PostgreSQL: three worker processes and one producer (real child
 * processes) share one state and send to one Discord fake with Discord's real limits (5 per 2 s per webhook, 30 per
 * 60 s per channel, 50 per s per IP). A steady stream for about 20 s with two bursts; one worker is SIGKILLed
 * mid-stream and one closes gracefully. Nothing may be lost, per-webhook order must hold, duplicates only for lanes
 * the dead worker held (at most one message each, each reported through onPossibleDuplicate), never more than 50
 * requests in any second at the fake, almost no 429s. The caller then checks what the state holds.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { createDiscordFake, type DiscordFake } from "../../../../src/testing/index.js";
import { startChild, type Child } from "./children.js";
import type { MpConfig } from "./mp-config.js";
import { maxPerWindow, orderViolations, titlesByWebhook } from "./mp-checks.js";

const HOOKS = 60;
const LEASE_MS = 4000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Runs the scenario on `state`; gives the fake (closed by the caller) and the webhook tokens for the leak check. */
export async function runMultiProcess(state: Pick<MpConfig, "backend" | "redisUrl" | "postgresUrl" | "prefix">, label: string): Promise<{ fake: DiscordFake; secrets: string[] }> {
  const fake = await createDiscordFake();
  const hooks = Array.from({ length: HOOKS }, () => fake.addWebhook());
  // A few slow webhooks (Discord taking a second to answer) so the killed worker most likely dies mid-request.
  for (const h of hooks.slice(0, 6)) fake.inject(h.id, { kind: "delay", ms: 1000 });
  const cfg: MpConfig = {
    ...state,
    apiBaseUrl: fake.apiBaseUrl,
    leaseMs: LEASE_MS,
    seeds: hooks.map((h, i) => ({ id: `wh${i}`, name: `hook ${i}`, webhookUrl: h.url, type: "CUSTOM", scope: "USER", userId: `u${i}` })),
    durationMs: 20_000,
    perSecond: 30,
    bursts: [{ atMs: 4000, events: 300 }, { atMs: 13_000, events: 300 }],
  };
  const configPath = join(mkdtempSync(join(tmpdir(), "dwd-mp-")), "config.json");
  writeFileSync(configPath, JSON.stringify(cfg));

  const workers = [0, 1, 2].map(() => startChild("mp-worker.ts", configPath));
  await until(() => workers.every((w) => w.lines.some((l) => "ready" in l)), 30_000, "workers to start");
  const producer = startChild("mp-producer.ts", configPath);
  const t0 = Date.now();

  await until(() => Date.now() - t0 > 7000, 10_000, "mid-stream");
  const [killed, graceful, survivor] = workers as [Child, Child, Child];
  killed.proc.kill("SIGKILL");
  await until(() => Date.now() - t0 > 11_000, 10_000, "later mid-stream");
  graceful.proc.kill("SIGTERM");
  expect(await graceful.exited).toBe(0);
  expect(graceful.lines.some((l) => l.closed === true)).toBe(true);

  expect(await producer.exited).toBe(0);
  const summary = producer.lines.find((l) => l.done === true) as { queued: number; finalOk: number; errors: string[]; counts: number[] };
  expect(summary.errors).toEqual([]);
  expect(summary.finalOk).toBe(HOOKS);
  const expected = summary.counts.reduce((a, b) => a + b, 0);

  const got = () => titlesByWebhook(fake, hooks.map((h) => h.id));
  await until(() => got().unique === expected, 60_000, "every event to reach the fake");
  const { perWebhook } = got();

  // Order of first arrivals per webhook equals dispatch order.
  expect(orderViolations(perWebhook)).toBe(0);
  // Duplicates: only on lanes the dead worker held, at most one message each, each reported.
  const reported = new Set(survivor.lines.concat(graceful.lines).filter((l) => "possibleDuplicate" in l).map((l) => String(l.possibleDuplicate)));
  for (const [i, list] of perWebhook.entries()) {
    const dupMessages = list.duplicateMessages;
    expect(dupMessages, `webhook ${i}`).toBeLessThanOrEqual(1);
    if (dupMessages > 0) expect(reported.has(`wh${i}`), `webhook ${i} duplicate reported`).toBe(true);
  }
  // Discord's per-IP limit held across all processes, and 429s stayed rare.
  const times = fake.requests().map((r) => r.receivedAt.getTime());
  const peak = maxPerWindow(times, 1000);
  const dups = perWebhook.reduce((n, w) => n + w.duplicateMessages, 0);
  const killedSent = killed.lines.filter((l) => "delivered" in l).length;
  console.info(`[multi-process ${label}] events ${expected}, requests ${times.length}, messages ${fake.messages().length}, peak ${peak}/s, 429s ${fake.stats().rateLimited}, duplicate messages ${dups}, duplicate reports ${reported.size}, sent by the killed worker ${killedSent}`);
  // The killed worker was really working when it died (else the test proves nothing about adoption).
  expect(killedSent).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(50);
  expect(fake.stats().rateLimited).toBeLessThanOrEqual(2);

  survivor.proc.kill("SIGTERM");
  expect(await survivor.exited).toBe(0);
  return { fake, secrets: hooks.map((h) => h.token) };
}
