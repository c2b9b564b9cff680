/**
 * (d) Store adapters on PostgreSQL with 10,000 webhooks: dispatch overhead per event (wall and CPU) with each adapter,
 * side by side with the memory store holding the same rows; store calls and SQL statements per event (routing must be
 * exactly one findWebhooks query); and the PostgreSQL plan of the routing query as each ORM sends it.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { drizzleStore } from "../adapters/drizzle/index.js";
import { memoryStore } from "../adapters/memory/index.js";
import { prismaStore } from "../adapters/prisma/index.js";
import { createDispatcher, type WebhookStore } from "../src/index.js";
import { captureTransport } from "../src/testing/index.js";
import { explainRouting, type RoutingPlan } from "../test/adapters/support/plan.js";
import { loadPrismaClient } from "../test/adapters/support/prisma.js";
import { generatePrismaClients } from "../test/adapters/support/prisma-generate.js";
import { openPgSource, recordingPool, seedRows, type PgSource, type Statement } from "./stores-db.js";
import { counting, isRouting, isUpdate } from "./stores-probe.js";
import { benchRows, EVENT_USER, expectedMatches, ROW_COUNT } from "./stores-rows.js";

/** One store's numbers. */
export interface StoreResult {
  store: string;
  /** Wall µs per event: median and 95th percentile of the measured events, and their mean. */
  wallUs: { p50: number; p95: number; mean: number };
  /** Process CPU µs per event (user + system). */
  cpuUs: number;
  /** The routing query alone: median µs of one findWebhooks call. */
  routeUs: number;
  /** Store method calls per event, by method. */
  calls: Record<string, number>;
  /** SQL statements per event on the wire (database stores only): routing SELECTs, UPDATEs, anything else. */
  sql?: { select: number; update: number; other: number };
  /** Webhooks each event was delivered to. */
  routed: number;
  /** The routing statement's plan as the planner chooses it, and with enable_seqscan = off when that one scans. */
  plan?: { chosen: RoutingPlan; forced?: RoutingPlan };
}

/** Everything (d) reports. */
export interface StoresScenario {
  source: string;
  rows: number;
  events: number;
  warmup: number;
  expected: number;
  results: StoreResult[];
}

interface Measured {
  name: string;
  store: WebhookStore;
  /** Statements the store's connections sent (database stores). */
  log?: Statement[];
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** Dispatches `warmup` + `events` game-server events one after another through `m.store`; checks each one's SQL. */
async function measure(m: Measured, events: number, warmup: number, expected: number): Promise<StoreResult> {
  const counted = counting(m.store);
  const transport = captureTransport();
  const dispatcher = createDispatcher({ store: counted.store, transport, rateLimit: { globalLimit: 0 } });
  const send = async (i: number): Promise<void> => {
    const result = await dispatcher.serverStateChange({ serverName: `mc-${i % 50}`, state: i % 7 === 0 ? "crashed" : "online" }, { userId: EVENT_USER, scopes: ["USER", "PUBLIC"] });
    if (result.sent !== expected || result.failed !== 0) throw new Error(`(d) ${m.name}: event ${i} reached ${result.sent} webhooks (${result.failed} failed), expected ${expected}`);
  };
  for (let i = 0; i < warmup; i++) await send(i);
  counted.calls.clear();
  const log = m.log;
  if (log) log.length = 0;
  const wall: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    const before = log?.length ?? 0;
    const t0 = performance.now();
    await send(warmup + i);
    wall.push((performance.now() - t0) * 1000);
    const selects = log?.slice(before).filter(isRouting).length;
    if (selects !== undefined && selects !== 1) throw new Error(`(d) ${m.name}: event ${i} sent ${selects} routing SELECTs, expected exactly 1`);
  }
  const cpu = process.cpuUsage(cpu0);
  await dispatcher.close();
  const statements = log ? [...log] : undefined;
  const calls = Object.fromEntries([...counted.calls].map(([k, v]) => [k, v / events]));
  if (calls.findWebhooks !== 1) throw new Error(`(d) ${m.name}: ${calls.findWebhooks ?? 0} findWebhooks calls per event, expected exactly 1`);

  const query = counted.lastQuery();
  if (!query) throw new Error(`(d) ${m.name}: findWebhooks was never called`);
  const route: number[] = [];
  for (let i = 0; i < Math.max(50, events / 2); i++) {
    const t0 = performance.now();
    await m.store.findWebhooks(query);
    route.push((performance.now() - t0) * 1000);
  }
  wall.sort((a, b) => a - b);
  route.sort((a, b) => a - b);
  const per = (f: (s: Statement) => boolean): number => (statements ?? []).filter(f).length / events;
  return {
    store: m.name,
    wallUs: { p50: percentile(wall, 0.5), p95: percentile(wall, 0.95), mean: wall.reduce((a, b) => a + b, 0) / events },
    cpuUs: (cpu.user + cpu.system) / events,
    routeUs: percentile(route, 0.5),
    calls,
    ...(statements && { sql: { select: per(isRouting), update: per(isUpdate), other: per((s) => !isRouting(s) && !isUpdate(s)) } }),
    routed: expected,
  };
}

/** EXPLAIN of the routing statement an adapter sent; with enable_seqscan = off as well when the planner scans. */
async function planOf(source: PgSource, log: readonly Statement[]): Promise<NonNullable<StoreResult["plan"]>> {
  const routing = log.find(isRouting);
  if (!routing) throw new Error("(d) no routing SELECT was recorded");
  const chosen = await explainRouting(source.admin, routing.sql, routing.params, { analyze: true });
  if (!chosen.seqScan) return { chosen };
  console.error(`\n!!! (d) the routing query does a Seq Scan on PostgreSQL at 10,000 rows; this fails the bench. Plan:\n${chosen.plan}\n`);
  return { chosen, forced: await explainRouting(source.admin, routing.sql, routing.params, { seqscan: false, analyze: true }) };
}

/** Runs (d): memory, Drizzle (node-postgres) and Prisma (@prisma/adapter-pg) over the same 10,000 rows. */
export async function storesScenario(events = 300, warmup = 50): Promise<StoresScenario> {
  const rows = benchRows();
  const expected = expectedMatches(rows, { type: "GAME_SERVER", scopes: ["ADMIN", "USER", "PUBLIC"], userId: EVENT_USER });
  const results: StoreResult[] = [await measure({ name: "memory", store: memoryStore(rows) }, events, warmup, expected)];

  await generatePrismaClients(["postgresql"]);
  const PrismaClient = await loadPrismaClient("postgresql");
  const source = await openPgSource();
  const pools: pg.Pool[] = [];
  try {
    await seedRows(source, rows);
    const drizzleLog: Statement[] = [];
    pools.push(recordingPool(source, drizzleLog));
    const viaDrizzle = await measure({ name: "drizzle (node-postgres)", store: drizzleStore(drizzle(pools[0]!)), log: drizzleLog }, events, warmup, expected);
    results.push({ ...viaDrizzle, plan: await planOf(source, drizzleLog) });

    const prismaLog: Statement[] = [];
    pools.push(recordingPool(source, prismaLog));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pools[1]!, { schema: source.schema }) });
    try {
      const viaPrisma = await measure({ name: "prisma (@prisma/adapter-pg)", store: prismaStore(prisma), log: prismaLog }, events, warmup, expected);
      results.push({ ...viaPrisma, plan: await planOf(source, prismaLog) });
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await Promise.all(pools.map((p) => p.end()));
    await source.close();
  }
  return { source: source.label, rows: ROW_COUNT, events, warmup, expected, results };
}
