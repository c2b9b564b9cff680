/**
 * Turns benchmark rows into a console table, a Markdown report and a verdict on the targets.
 */
import { EMBED_BUILDER, type CpuResult } from "./cpu.js";
import { renderStores } from "./stores-report.js";
import type { StoresScenario } from "./stores.js";

/** One client in one scenario. */
export interface Row {
  scenario: string;
  client: string;
  expected: number;
  delivered: number;
  lost: number;
  rateLimited: number;
  requests: number;
  messages: number;
  wallMs: number;
}

interface ReportInput {
  scale: number;
  rows: (Row & { rttMs: number })[];
  cpu: CpuResult;
  stores: StoresScenario;
  floors: { a: { messages: number; ms: number }; b: { messages: number; ms: number }; e: { messages: number; ms: number } };
  cpus: number;
  node: string;
  totalMs: number;
  /** (g) builders on huge user text: its Markdown section and targets. */
  builders: { markdown: string; targets: [string, string, boolean][] };
}

const OURS = "discord-webhook-dispatcher";
const DJS = "discord.js WebhookClient";

function table(header: string[], body: string[][]): string {
  const lines = [header, header.map((h) => "-".repeat(Math.max(3, h.length))), ...body];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** Builds the report. */
export function renderReport(input: ReportInput): { text: string; markdown: string; allTargetsMet: boolean } {
  const { scale, rows } = input;
  const discordS = (ms: number): string => (ms / scale / 1000).toFixed(1);
  const body = rows.map((r) => [
    r.scenario,
    r.client,
    `${r.delivered}/${r.expected}`,
    String(r.lost),
    String(r.rateLimited),
    String(r.requests),
    String(r.messages),
    r.wallMs.toFixed(0),
    discordS(r.wallMs),
  ]);
  const main = table(["scenario", "client", "delivered", "lost", "429s", "requests", "messages", "wall ms (real)", "Discord-time s"], body);
  const builderUs = input.cpu.perClient[EMBED_BUILDER] ?? Infinity;
  const cpuTable = table(
    ["client", "CPU µs per event", "vs EmbedBuilder alone"],
    Object.entries(input.cpu.perClient).map(([k, v]) => [k, v.toFixed(1), `${(v / builderUs).toFixed(2)}x`]),
  );
  const curve = input.cpu.curve;
  const curveTable = table(["events queued at once", ...curve.map((p) => p.queued.toLocaleString("en-US"))], [["CPU µs per event (this package)", ...curve.map((p) => p.us.toFixed(1))]]);
  const flatness = Math.max(...curve.map((p) => p.us)) / Math.min(...curve.map((p) => p.us));

  const find = (scenario: string, client: string): (Row & { rttMs: number }) | undefined => rows.find((r) => r.scenario.startsWith(scenario) && r.client === client);
  const a = find("(a)", OURS);
  const b = find("(b)", OURS);
  const e = find("(e)", OURS);
  const aDjs = find("(a)", DJS);
  const bDjs = find("(b)", DJS);
  const eDjs = find("(e)", DJS);
  const ours = [a, b, e].filter((r): r is Row & { rttMs: number } => r !== undefined);
  const lost = ours.reduce((n, r) => n + r.lost, 0);
  const per1000 = (1000 * ours.reduce((n, r) => n + r.rateLimited, 0)) / Math.max(1, ours.reduce((n, r) => n + r.requests, 0));
  const floorRealA = input.floors.a.ms * scale + (a?.rttMs ?? 0);
  const floorRatio = a ? a.wallMs / floorRealA : Infinity;
  const vsDjs = a && aDjs ? aDjs.wallMs / a.wallMs : 0;
  const vsDjsB = b && bDjs ? bDjs.wallMs / b.wallMs : 0;
  const floorRealB = input.floors.b.ms * scale + (b?.rttMs ?? 0);
  const floorRealE = input.floors.e.ms * scale + (e?.rttMs ?? 0);
  const eRatio = e ? e.wallMs / floorRealE : Infinity;
  const targets: [string, string, boolean][] = [
    ["0 events lost (a + b + e)", `${lost} lost`, lost === 0],
    ["≤ 1 429 per 1000 requests (a + b + e)", `${per1000.toFixed(2)} per 1000`, per1000 <= 1],
    [
      "(a) within 1.25x of the floor",
      `${floorRatio.toFixed(2)}x (floor ${input.floors.a.ms / 1000} s Discord-time for ${input.floors.a.messages} messages = ${(input.floors.a.ms * scale).toFixed(0)} ms real + 1 round trip ${a?.rttMs.toFixed(1) ?? "?"} ms)`,
      floorRatio <= 1.25,
    ],
    ["(a) ≥ 10x faster than WebhookClient", `${vsDjs.toFixed(1)}x`, vsDjs >= 10],
    [
      "(e) 4 fan-outs in a row, one hash for all: ≤ 1.25x the per-IP floor, 0 lost, ≤ 1 429",
      `${eRatio.toFixed(2)}x (floor ${input.floors.e.ms / 1000} s Discord-time for ${input.floors.e.messages} requests = ${floorRealE.toFixed(0)} ms real incl. one round trip), ${e?.lost ?? "?"} lost, ${e?.rateLimited ?? "?"} x 429`,
      eRatio <= 1.25 && e?.lost === 0 && (e.rateLimited) <= 1,
    ],
    ["(c) CPU per event ≤ 1x discord.js EmbedBuilder alone", `${((input.cpu.perClient[OURS] ?? Infinity) / builderUs).toFixed(2)}x`, (input.cpu.perClient[OURS] ?? Infinity) <= builderUs],
    ["(c) CPU per event with 5,000 fired at once to one webhook ≤ 1x EmbedBuilder alone", `${(input.cpu.firedAtOnce / builderUs).toFixed(2)}x (${input.cpu.firedAtOnce.toFixed(1)} µs)`, input.cpu.firedAtOnce <= builderUs],
    ["(c) CPU per event flat from 10 to 10,000 queued (max/min ≤ 2)", `${flatness.toFixed(2)} (${curve.map((p) => p.us.toFixed(1)).join(" / ")} µs)`, flatness <= 2],
  ];
  const stores = renderStores(input.stores, table);
  targets.push(...stores.targets);
  targets.push(...input.builders.targets);
  const targetTable = table(["target", "measured", "met"], targets.map(([t, m, ok]) => [t, m, ok ? "yes" : "NO"]));
  const notes = [
    `(b) floor: ${input.floors.b.ms / 1000} s Discord-time for ${input.floors.b.messages} requests under the 50/s global limit = ${floorRealB.toFixed(0)} ms real incl. one round trip; ours took ${b ? (b.wallMs / floorRealB).toFixed(2) : "?"}x that. WebhookClient/ours on (b): ${vsDjsB.toFixed(1)}x.`,
    `Time scale ${scale}: every window, reset and retry_after of the fake is multiplied by ${scale}; network round trips (${a?.rttMs.toFixed(1) ?? "?"} ms here) are not, so "Discord-time" overstates latency by 1/${scale}.`,
    "The floor counts Discord's limits only (per-webhook 5 per 2 s, hidden per-channel 30 per 60 s, global 50 per s) with embeds packed 10 per message, plus one measured round trip for the last message.",
    `(e) floor: 400 requests (4 rounds of 100, each round after the last) under the per-IP 50/s = ${input.floors.e.ms / 1000} s Discord-time; each client's best of two runs; the fake reports one \`x-ratelimit-bucket\` hash for every webhook and counts each webhook on its own, as Discord does. WebhookClient/ours on (e): ${e && eDjs ? (eDjs.wallMs / e.wallMs).toFixed(1) : "?"}x.`,
    "CPU (c): no network; this package through captureTransport (with its rate-limit state, queue and outcome bookkeeping), discord.js through a stubbed makeRequest, the seed through a stubbed fetch, EmbedBuilder building the same embeds and sending nothing. The seed's number is a lower bound: it does nothing but serialise. The queued curve rises at 10,000 mostly through garbage collection (10,000 pending events are alive at once).",
    ...stores.notes,
  ];
  const met = targets.every(([, , ok]) => ok);
  const storesTitle = `(d) store adapters on PostgreSQL holding ${input.stores.rows.toLocaleString("en-US")} webhooks, vs the memory store`;
  const text = [main, "", "(c) CPU per dispatched event, no network:", cpuTable, "", curveTable, "", `${storesTitle}:`, stores.table, "", ...stores.plans.flatMap((p) => [p, ""]), input.builders.markdown, "Targets:", targetTable, "", ...notes].join("\n");
  const markdown = [
    "# Benchmarks",
    "",
    `Run with \`npm run bench\` on ${input.cpus} CPUs, Node ${input.node}, against the local Discord fake (src/testing/discord-fake) with time scale ${scale}; the whole run took ${(input.totalMs / 1000).toFixed(1)} s. Numbers vary with machine load; rerun to compare.`,
    "",
    "## (a) burst, (b) fan-out, (e) fan-outs in a row",
    "",
    main,
    "",
    "## (c) CPU per dispatched event",
    "",
    cpuTable,
    "",
    "By events queued at once (one webhook, each batch awaited, about 10,000 events per point):",
    "",
    curveTable,
    "",
    `## ${storesTitle}`,
    "",
    stores.table,
    "",
    ...stores.plans.flatMap((p) => [p, ""]),
    input.builders.markdown,
    "## Targets",
    "",
    targetTable,
    "",
    "## Notes",
    "",
    ...notes.map((n) => `- ${n}`),
    "",
  ].join("\n");
  return { text, markdown, allTargetsMet: met };
}
