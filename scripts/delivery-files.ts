/**
 * Which of the package's files one delivery runs code in: V8's precise coverage (call counts) taken around one
 * `dispatch` of a prebuilt embed to one webhook, in memory mode through `captureTransport`, after a warm-up delivery
 * to another webhook (so first-use setup is not counted). Prints each file with the number of its functions' calls.
 * The README's "How a delivery flows" names the files a reader follows; this shows how far the code really spreads.
 *
 * Run: `npx tsx scripts/delivery-files.ts` (the sources through tsx; no build needed).
 */
import { Session } from "node:inspector/promises";
import { memoryStore } from "../adapters/memory/index.js";
import { createDispatcher, embeds } from "../src/index.js";
import { captureTransport } from "../src/testing/index.js";

const root = new URL("..", import.meta.url).pathname;
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });

/** Calls per package file since the last call (precise coverage resets its counts on every take). */
async function calls(): Promise<Map<string, number>> {
  const { result } = await session.post("Profiler.takePreciseCoverage");
  const out = new Map<string, number>();
  for (const script of result) {
    const path = script.url.replace(/^file:\/\//, "");
    const file = path.startsWith(root) ? path.slice(root.length) : "";
    if (!/^(src|adapters)\//.test(file)) continue;
    out.set(file, script.functions.reduce((n, f) => n + (f.ranges[0]?.count ?? 0), 0));
  }
  return out;
}

const url = (n: number): string => `https://discord.com/api/v10/webhooks/10000000000000000${String(n)}/${"t".repeat(68)}`;
const store = memoryStore([
  { name: "measured", webhookUrl: url(1), type: "VPS", scope: "ADMIN" },
  { name: "warm-up", webhookUrl: url(2), type: "GAME_SERVER", scope: "ADMIN" },
]);
const dispatcher = createDispatcher({ store, transport: captureTransport() });
const embed = embeds.nodeAlert({ node: "node-3", resource: "memory", usage: 93 });
await dispatcher.dispatch("GAME_SERVER", embed);
await calls();
const result = await dispatcher.dispatch("VPS", embed);
const files = [...(await calls())].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
await dispatcher.close();
if (result.sent !== 1) throw new Error(`the measured delivery was not delivered: ${JSON.stringify(result)}`);
const own = files.filter(([f]) => f.startsWith("src/") && !f.startsWith("src/testing/"));
console.log(`One delivery ran code in ${files.length} files: ${own.length} of the package's core (src/, the testing kit aside), the rest the memory store and captureTransport.`);
for (const [file, n] of files) console.log(`${String(n).padStart(6)}  ${file}`);
