/**
 * Renders scenario (d): the side-by-side table, the routing plans, the targets it adds and its notes.
 */
import type { StoreResult, StoresScenario } from "./stores.js";

/** What (d) contributes to the report. */
export interface StoresReport {
  table: string;
  /** One fenced block per database store: the EXPLAIN (ANALYZE) of the routing statement it sent. */
  plans: string[];
  targets: [string, string, boolean][];
  notes: string[];
}

type Table = (header: string[], body: string[][]) => string;

const us = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ratio = (n: number, base: number | undefined): string => (base ? `${(n / base).toFixed(1)}x` : "-");
const per = (n: number | undefined): string => (n === undefined ? "0" : Number.isInteger(n) ? String(n) : n.toFixed(2));

function planColumn(r: StoreResult): string {
  if (!r.plan) return "- (in process)";
  const { chosen, forced } = r.plan;
  if (!chosen.seqScan) return chosen.indexes.join(" + ");
  return `**Seq Scan**; with enable_seqscan=off: ${forced?.indexes.join(" + ") || "no index"}`;
}

/** Builds the (d) parts of the report. */
export function renderStores(d: StoresScenario, table: Table): StoresReport {
  const memory = d.results.find((r) => r.store === "memory");
  const body = d.results.map((r) => [
    r.store,
    us(r.wallUs.p50),
    us(r.wallUs.p95),
    ratio(r.wallUs.p50, memory?.wallUs.p50),
    us(r.cpuUs),
    ratio(r.cpuUs, memory?.cpuUs),
    us(r.routeUs),
    `${per(r.calls.findWebhooks)} / ${per(r.calls.markDeliveredMany)} / ${per(r.calls.markDelivered)}`,
    r.sql ? `${per(r.sql.select)} / ${per(r.sql.update)} / ${per(r.sql.other)}` : "-",
    String(r.routed),
    planColumn(r),
  ]);
  const main = table(
    ["store", "wall µs/event p50", "p95", "p50 vs memory", "CPU µs/event", "CPU vs memory", "findWebhooks alone µs", "store calls/event: findWebhooks / markDeliveredMany / markDelivered", "SQL/event: routing SELECT / UPDATE / other", "webhooks per event", "routing plan uses"],
    body,
  );
  const databases = d.results.filter((r) => r.plan);
  const block = (title: string, plan: string): string => `${title}:\n\n\`\`\`\n${plan}\n\`\`\``;
  const plans = databases.flatMap((r) => {
    const { chosen, forced } = r.plan!;
    const first = block(`${r.store}, EXPLAIN (ANALYZE) of the routing statement it sent`, chosen.plan);
    return forced ? [first, block(`${r.store}, the same with enable_seqscan = off`, forced.plan)] : [first];
  });
  const oneQuery = d.results.every((r) => r.calls.findWebhooks === 1 && (r.sql === undefined || r.sql.select === 1));
  const indexed = databases.length > 0 && databases.every((r) => !r.plan!.chosen.seqScan && r.plan!.chosen.indexes.length > 0);
  const targets: [string, string, boolean][] = [
    [
      "(d) one findWebhooks query per event, every store",
      d.results.map((r) => `${r.store}: ${per(r.calls.findWebhooks)} call${r.sql ? `, ${per(r.sql.select)} SELECT` : ""}`).join("; "),
      oneQuery,
    ],
    [
      `(d) routing plan uses an index on PostgreSQL at ${d.rows.toLocaleString("en-US")} rows (enable_seqscan on)`,
      databases.map((r) => `${r.store}: ${r.plan!.chosen.seqScan ? "Seq Scan" : r.plan!.chosen.indexes.join(" + ")}`).join("; "),
      indexed,
    ],
  ];
  const notes = [
    `(d) PostgreSQL: ${d.source}. ${d.rows.toLocaleString("en-US")} webhooks of all types, scopes and ~3,000 owners (10 ADMIN and 20 PUBLIC per type, the rest users' own, ~3% disabled); each event is \`serverStateChange(..., { userId, scopes: ["USER", "PUBLIC"] })\`, which routes GAME_SERVER to ADMIN + PUBLIC + that user's webhooks: ${d.expected} rows. The memory store holds the same rows.`,
    `(d) ${d.events} events one after another after ${d.warmup} warm-up events, through captureTransport (answers at once: no network to Discord). Wall and CPU are per whole event: validate, build, route, deliver to all ${d.expected} webhooks, settle. Every measured event was checked to send exactly one routing SELECT.`,
    `(d) After delivering, the engine coalesces its store writes: one \`markDeliveredMany(ids, at)\` per batch (what arrived while the previous write ran), a few per event instead of ${d.expected} \`markDelivered\` calls. Every adapter implements \`markDeliveredMany\` as one \`UPDATE … WHERE id IN (…)\`, so each batch is one statement. "findWebhooks alone" times just the routing query, on the same store.`,
    "(d) CPU is this process's. On embedded PGlite that includes the database itself (PostgreSQL compiled to WASM, running in this process) and the socket bridge; against a real server (DATABASE_URL_PG) the server's CPU is not counted.",
    "(d) The plan is the routing statement exactly as each ORM sent it (recorded on the driver), explained with its parameters after ANALYZE; the bench fails if the planner picks a Seq Scan, and then also shows the plan with enable_seqscan=off.",
  ];
  return { table: main, plans, targets, notes };
}
