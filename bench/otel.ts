/**
 * (f) The cost of `openTelemetry()` when the host registered no tracer or meter provider (the API's no-op one): CPU
 * per event through `captureTransport`, with the instrumentation vs without. Target: within 5 %. Rounds alternate
 * between the two so a busy machine weighs on both alike; the best round of each counts.
 * Standalone: `npx tsx bench/otel.ts`.
 */
import { pathToFileURL } from "node:url";
import { memoryStore } from "../adapters/memory/index.js";
import { createDispatcher, type Dispatcher } from "../src/index.js";
import { openTelemetry } from "../src/otel/index.js";
import { captureTransport } from "../src/testing/index.js";

/** What (f) measured. */
export interface OtelOverhead {
  noneUs: number;
  noopUs: number;
  /** noop / none. */
  ratio: number;
  met: boolean;
}

const URL_ = `https://discord.com/api/v10/webhooks/123456789012345678/${"t".repeat(68)}`;

function make(instrumented: boolean): Dispatcher {
  const store = memoryStore([{ name: "bench", webhookUrl: URL_, type: "GAME_SERVER", scope: "ADMIN" }]);
  return createDispatcher({ store, transport: captureTransport(), rateLimit: { globalLimit: 0, maxQueuePerLane: 100_000 }, ...(instrumented && { instrumentation: openTelemetry() }) });
}

async function round(dispatcher: Dispatcher, n: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => dispatcher.serverStateChange({ serverName: `mc-${i + k}`, state: "online" })));
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

/** Runs (f) with `n` events per round. */
export async function otelOverhead(n = 20_000, rounds = 5): Promise<OtelOverhead> {
  const none = make(false);
  const noop = make(true);
  await round(none, n);
  await round(noop, n);
  let noneUs = Infinity;
  let noopUs = Infinity;
  for (let r = 0; r < rounds; r++) {
    noneUs = Math.min(noneUs, await round(none, n));
    noopUs = Math.min(noopUs, await round(noop, n));
  }
  await Promise.all([none.close(), noop.close()]);
  const ratio = noopUs / noneUs;
  return { noneUs, noopUs, ratio, met: ratio <= 1.05 };
}

/** One line for the console and BENCHMARKS.md. */
export function otelLine(o: OtelOverhead): string {
  return `(f) openTelemetry() with the no-op provider: ${o.noopUs.toFixed(1)} µs/event vs ${o.noneUs.toFixed(1)} µs without, ratio ${o.ratio.toFixed(3)} (target ≤ 1.05: ${o.met ? "met" : "MISSED"})`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(otelLine(await otelOverhead()));
}
