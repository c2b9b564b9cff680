/**
 * (g) Builders on huge user text: a 1 MB support-ticket `message` (target: builds in under 50 ms), and every
 * builder with every text input at its cap (`INPUT_LIMITS`; target: no build blocks the event loop for 100 ms).
 * A build is synchronous, so the time one call takes is how long it blocks the event loop. Each input is built in
 * several shapes of text (prose, markdown and mention syntax that expands when escaped, emoji sequences, a
 * whitespace and control run before the first visible character); the worst shape is reported.
 * Run alone with `npx tsx bench/builders.ts`.
 */
import { pathToFileURL } from "node:url";
import { embeds, INPUT_LIMITS, type EventInputs, type EventName } from "../src/index.js";

/** The targets. */
export const MESSAGE_TARGET_MS = 50;
export const BLOCK_TARGET_MS = 100;
const MB = 1_048_576;

/** Text shapes: each makes a string of exactly `length` UTF-16 units. */
const SHAPES: Record<string, (length: number) => string> = {
  prose: (n) => fill("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor.\n", n),
  markdown: (n) => fill("*@everyone* <@123456789012345678> __x__ `c` ||s|| [l](u) \\ ", n),
  emoji: (n) => fill("👨\u200d👩\u200d👧\u200d👦🇫🇷👍🏽e\u0301", n),
  "blank run": (n) => `${fill(" \u0001\t\u200a\n", Math.max(0, n - 1))}x`,
};

function fill(unit: string, length: number): string {
  // Cut at a UTF-16 unit may leave half a surrogate pair at the end: real input can, too.
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const T = INPUT_LIMITS.text;
const L = INPUT_LIMITS.longText;
const URL_AT_CAP = (n: number): string => `https://example.com/${"a".repeat(Math.max(0, n - 20))}`;

/**
 * Every builder with every text input at its cap, made of `text(length)`, as long as the input's total cap
 * (`INPUT_LIMITS.total`) allows: the later inputs get what is left.
 */
const AT_CAP: { [K in EventName]: (text: (length: number) => string, url: () => string) => EventInputs[K] } = {
  serverStateChange: (t, u) => ({ serverName: t(T), state: "crashed", node: t(T), reason: t(T), serverId: t(T), url: u() }),
  nodeAlert: (t, u) => ({ node: t(T), resource: "memory", usage: 97, details: t(T), nodeId: t(T), url: u() }),
  settingsUpdate: (t, u) => ({
    changedFields: Array.from({ length: INPUT_LIMITS.listItems }, () => t(T)),
    updatedBy: t(T),
    section: t(T),
    url: u(),
  }),
  syncCompletion: (t, u) => ({ success: false, summary: { nodes: 4 }, durationMs: 8_400, error: t(L), source: t(T), url: u() }),
  billingEvent: (t, u) => ({ event: "payment_failed", amount: 24.99, currency: "EUR", customer: t(T), invoiceId: t(T), plan: t(T), reason: t(T), url: u() }),
  systemAlert: (t, u) => ({ title: t(T), message: t(L), severity: "critical", source: t(T), error: new Error(t(L)), url: u() }),
  supportTicket: (t, u) => ({ action: "created", ticketId: t(T), subject: t(T), user: t(T), priority: "urgent", message: t(L), assignee: t(T), url: u() }),
  custom: (t, u) => ({
    title: t(T),
    description: t(L),
    url: u(),
    fields: Array.from({ length: 25 }, () => ({ name: t(T), value: t(T), inline: false })),
    author: { name: t(T), url: u(), iconUrl: u() },
    thumbnailUrl: u(),
    imageUrl: u(),
  }),
};

const OPTIONS = { branding: { footer: "Acme Hosting" }, now: () => new Date(0) };

/** Median and longest of `runs` builds after two warm-up builds, in ms. */
function timeBuilds(build: () => unknown, runs: number): { ms: number; maxMs: number } {
  build();
  build();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    build();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? Infinity, maxMs: times[times.length - 1] ?? Infinity };
}

/** One measured case: the worst shape and its time. */
export interface BuilderCase {
  name: string;
  input: string;
  /** Median build of the worst shape. */
  ms: number;
  /** Longest build of the worst shape (on a busy machine this includes time the process was not scheduled). */
  maxMs: number;
  shape: string;
  targetMs: number;
}

/** What (g) measured. */
export interface BuildersResult {
  cases: BuilderCase[];
  met: boolean;
}

function worstShape(make: (text: (length: number) => string, url: () => string) => unknown, build: (input: unknown) => unknown, runs: number): { ms: number; maxMs: number; shape: string } {
  let worst = { ms: -1, maxMs: -1, shape: "" };
  for (const [shape, text] of Object.entries(SHAPES)) {
    // Slack for the one character every input gets even when the budget is spent.
    let left = INPUT_LIMITS.total - 2 * INPUT_LIMITS.listItems;
    const take = (length: number): number => {
      const n = Math.max(1, Math.min(length, left));
      left -= n;
      return n;
    };
    const input = make((length) => text(take(length)), () => URL_AT_CAP(Math.max(30, take(T))));
    const time = timeBuilds(() => build(input), runs);
    if (time.ms > worst.ms) worst = { ...time, shape };
  }
  return worst;
}

/** Runs (g). */
export function buildersScenario(runs = 15): BuildersResult {
  const cases: BuilderCase[] = [];
  const message = worstShape(
    (t) => ({ action: "created", ticketId: 4711, subject: "Server won't start", message: t(MB) }),
    (input) => embeds.supportTicket(input as EventInputs["supportTicket"], OPTIONS),
    runs,
  );
  cases.push({ name: "supportTicket", input: "1 MB message", ...message, targetMs: MESSAGE_TARGET_MS });
  for (const name of Object.keys(AT_CAP) as EventName[]) {
    const build = embeds[name] as (input: unknown, options?: typeof OPTIONS) => unknown;
    const worst = worstShape(AT_CAP[name], (input) => build(input, OPTIONS), runs);
    cases.push({ name, input: "every text input at its cap", ...worst, targetMs: BLOCK_TARGET_MS });
  }
  return { cases, met: cases.every((c) => c.ms < c.targetMs) };
}

/** The (g) section of BENCHMARKS.md and its targets. */
export function renderBuilders(result: BuildersResult): { markdown: string; targets: [string, string, boolean][] } {
  const rows = result.cases.map(
    (c) => `| ${c.name} | ${c.input} | ${c.ms.toFixed(1)} | ${c.maxMs.toFixed(1)} | ${c.shape} | < ${c.targetMs} | ${c.ms < c.targetMs ? "yes" : "NO"} |`,
  );
  const message = result.cases[0];
  const blocks = result.cases.slice(1);
  const worstBlock = blocks.reduce((a, b) => (b.ms > a.ms ? b : a), blocks[0] ?? { name: "?", ms: Infinity, maxMs: Infinity, shape: "?" });
  const markdown = [
    "## (g) Builders on huge user text",
    "",
    `Caps: body texts ${INPUT_LIMITS.longText.toLocaleString("en-US")} characters, other texts ${INPUT_LIMITS.text.toLocaleString("en-US")}, lists ${INPUT_LIMITS.listItems.toLocaleString("en-US")} entries (\`INPUT_LIMITS\`). A build is synchronous: its time is how long it blocks the event loop. Median (and longest) of 15 builds after a warm-up, for the worst of four text shapes (prose; markdown and mention syntax, which escaping expands; emoji sequences; a run of whitespace and control characters before the first visible one).`,
    "",
    "| builder | input | median build ms | longest ms | worst shape | target ms (median) | met |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
  const targets: [string, string, boolean][] = [];
  if (message) targets.push([`(g) a 1 MB message builds in under ${MESSAGE_TARGET_MS} ms`, `${message.ms.toFixed(1)} ms median, ${message.maxMs.toFixed(1)} ms longest (${message.shape})`, message.ms < message.targetMs]);
  targets.push([
    `(g) no builder blocks the event loop for ${BLOCK_TARGET_MS} ms (every text input at its cap)`,
    `slowest ${worstBlock.ms.toFixed(1)} ms median, ${worstBlock.maxMs.toFixed(1)} ms longest (${worstBlock.name}, ${worstBlock.shape})`,
    blocks.every((c) => c.ms < c.targetMs),
  ]);
  return { markdown, targets };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = buildersScenario();
  const { markdown, targets } = renderBuilders(result);
  console.log(markdown);
  for (const [t, m, ok] of targets) console.log(`${ok ? "met" : "NOT MET"}: ${t}: ${m}`);
  process.exitCode = result.met ? 0 : 1;
}
