/**
 * `npm run bench`: this package vs discord.js `WebhookClient` vs the seed's fetch loop, side by side, against the
 * local Discord fake with time scaled (BENCH_SCALE, default 0.2: a 2 s bucket lasts 400 ms). Times are reported in
 * real milliseconds and scaled back to Discord-time. (e) repeats a fan-out four times in a row, the fake reporting one bucket
 * hash for every webhook (as Discord does). Then (d): the store adapters on PostgreSQL (DATABASE_URL_PG, or an
 * embedded PGlite) holding 10,000 webhooks, side by side with the memory store. (g): the builders on huge user text
 * (a 1 MB message; every text input at its cap). (h): incidents and noise (crash loop, flood, outage) beside discord.js,
 * at its own time scale (BENCH_NOISE_SCALE, default 0.05: the plain client posts 1,000 messages). Writes BENCHMARKS.md.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { embeds as builders, fetchTransport, type DiscordEmbed } from "../src/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../src/testing/index.js";
import { discordJsClient, fetchLoopClient, ourClient, type Client, type Scaled } from "./clients.js";
import { cpuScenario } from "./cpu.js";
import { buildersScenario, renderBuilders } from "./builders.js";
import { fanoutInChild } from "./fanout.js";
import { floorMs, floorRoundsMs } from "./floor.js";
import { otelLine, otelOverhead } from "./otel.js";
import { renderReport, type Row } from "./report.js";
import { noiseInChild } from "./noise.js";
import { durableScenario } from "./durable.js";
import { storesScenario } from "./stores.js";

const SCALE = Number(process.env.BENCH_SCALE ?? 0.2);
const makers: ((s: Scaled) => Client)[] = [ourClient, discordJsClient, fetchLoopClient];

const burstEmbeds: DiscordEmbed[] = Array.from({ length: 60 }, (_, i) =>
  builders.serverStateChange({ serverName: `mc-${i + 1}`, state: i % 3 === 0 ? "crashed" : "online", node: "node-3" }),
);
const fanoutEmbed: DiscordEmbed[] = [builders.nodeAlert({ node: "node-3", resource: "memory", usage: 93 })];
const roundEmbeds: DiscordEmbed[] = [90, 93, 96, 99].map((usage) => builders.nodeAlert({ node: "node-3", resource: "memory", usage }));

/** Median round trip of one small message to a quiet webhook, in real ms. */
async function roundTrip(fake: DiscordFake): Promise<number> {
  const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl });
  const hook = fake.addWebhook();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await transport.send({ url: `${hook.url}?wait=true`, body: { content: `ping ${i}` } });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2] ?? 0;
}

/**
 * Runs one client on a fresh fake. `rounds` > 1: one event per round to every webhook, each round awaited before
 * the next (fan-outs in a row); `list` then holds one embed per round.
 */
async function runOne(make: (s: Scaled) => Client, scenario: string, webhooks: number, list: readonly DiscordEmbed[], rounds = 1): Promise<Row & { rttMs: number }> {
  const fake = await createDiscordFake({ timeScale: SCALE });
  const scaled: Scaled = { scale: SCALE, apiBaseUrl: fake.apiBaseUrl, fakeUrl: fake.url };
  // Warm-up on a throwaway client and webhook (JIT, connection pool), then measure a clean fake.
  const warm = make(scaled);
  await warm.send([fake.addWebhook()], list.slice(0, 1));
  await warm.close();
  const rttMs = await roundTrip(fake);
  const hooks: FakeWebhook[] = Array.from({ length: webhooks }, () => fake.addWebhook());
  fake.reset();
  const client = make(scaled);
  const t0 = performance.now();
  if (rounds === 1) await client.send(hooks, list);
  else for (const e of list) await client.send(hooks, [e]);
  const wallMs = performance.now() - t0;
  await client.close();
  const delivered = hooks.reduce((n, h) => n + fake.messages(h.id).reduce((k, m) => k + ((m.body.embeds as unknown[] | undefined)?.length ?? 0), 0), 0);
  const stats = fake.stats();
  await fake.close();
  const expected = webhooks * list.length;
  return { scenario, client: client.name, expected, delivered, lost: expected - delivered, rateLimited: stats.rateLimited, requests: stats.requests, messages: stats.delivered, wallMs, rttMs };
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Benchmark against the local Discord fake, time scale ${SCALE} (1 s Discord-time = ${1000 * SCALE} ms real), ${cpus().length} CPUs\n`);
  const rows: (Row & { rttMs: number })[] = [];
  const progress = (r: Row): void => {
    console.log(`  ${r.scenario} / ${r.client}: ${r.delivered}/${r.expected} delivered, ${r.rateLimited} x 429, ${r.wallMs.toFixed(0)} ms`);
  };
  for (const make of makers) rows.push(await runOne(make, "(a) burst: 60 events -> 1 webhook", 1, burstEmbeds));
  rows.slice(-3).forEach(progress);
  for (const make of makers) rows.push(await runOne(make, "(b) fan-out: 1 event -> 200 webhooks", 200, fanoutEmbed));
  rows.slice(-3).forEach(progress);
  // (e) is the most sensitive to a busy machine (2 cores shared): every client gets its best of two runs.
  for (const make of makers) {
    const scenario = "(e) 4 fan-outs in a row -> 100 webhooks (one bucket hash for all)";
    const [one, two] = [await runOne(make, scenario, 100, roundEmbeds, 4), await runOne(make, scenario, 100, roundEmbeds, 4)];
    rows.push(two.wallMs < one.wallMs ? two : one);
  }
  rows.slice(-3).forEach(progress);
  const cpu = await cpuScenario(burstEmbeds, 3000);
  console.log(`  (c) CPU per event by events queued at once: ${cpu.curve.map((p) => `${p.queued}: ${p.us.toFixed(1)} µs`).join(", ")}`);
  const otel = await otelOverhead();
  console.log(`  ${otelLine(otel)}`);
  const stores = await storesScenario(Number(process.env.BENCH_STORE_EVENTS ?? 300));
  console.log(`  (d) ${stores.source}: ${stores.results.map((r) => `${r.store} ${(r.wallUs.p50 / 1000).toFixed(2)} ms/event`).join(", ")}`);
  const builders = renderBuilders(buildersScenario());
  console.log(`  (g) ${builders.targets.map(([t, m]) => `${t}: ${m}`).join("; ")}`);
  console.log("");
  const floors = { a: floorMs(burstEmbeds, 1), b: floorMs(fanoutEmbed, 200), e: floorRoundsMs(100, 4) };
  const report = renderReport({ scale: SCALE, rows, cpu, stores, floors, cpus: cpus().length, node: process.version, totalMs: performance.now() - started, builders });
  const redis = await durableScenario(SCALE);
  console.log(report.text);
  console.log(`\n${redis.text}`);
  console.log(otelLine(otel));
  // Issue 16's scale goals: printed beside the numbers, not yet part of the exit code.
  const fanout = await fanoutInChild();
  console.log(`\n${fanout.text}`);
  const noise = await noiseInChild(Number(process.env.BENCH_NOISE_SCALE ?? 0.05));
  console.log(`\n${noise.text}`);
  writeFileSync(new URL("../BENCHMARKS.md", import.meta.url), `${report.markdown}\n${otelLine(otel)}\n${redis.markdown}\n${fanout.markdown}\n${noise.markdown}`);
  console.log(`\nWrote BENCHMARKS.md (${((performance.now() - started) / 1000).toFixed(1)} s in all).`);
  process.exitCode = report.allTargetsMet && redis.met && otel.met && noise.met ? 0 : 1;
}

await main();
