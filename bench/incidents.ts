/**
 * Incidents' cost: CPU per dispatched event with the `incidents` option on and off (the issue's measure: on stays
 * within 1.5x of off), through `captureTransport` (no network), 2 webhooks, events spread over 50 servers that
 * crash and recover. Run alone: `npx tsx bench/incidents.ts`. The message-count benches (crash loop, flood,
 * outage) need message edits and come with them.
 */
import { memoryStore } from "../adapters/memory/index.js";
import { createDispatcher, type IncidentOptions } from "../src/index.js";
import { captureTransport } from "../src/testing/index.js";

const URL = (n: number) => `https://discord.com/api/v10/webhooks/12345678901234567${String(n)}/${"t".repeat(68)}`;

/** CPU microseconds per event of `count` events, the best of three rounds after a warm-up. */
async function cpuPerEvent(incidents: IncidentOptions | undefined, count: number): Promise<number> {
  const run = async (): Promise<number> => {
    const store = memoryStore([1, 2].map((n) => ({ name: `w${String(n)}`, webhookUrl: URL(n), type: "GAME_SERVER" as const, scope: "ADMIN" as const })));
    const dispatcher = createDispatcher({ store, transport: captureTransport(), ...(incidents && { incidents }) });
    const start = process.cpuUsage();
    for (let i = 0; i < count; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => dispatcher.serverStateChange({ serverName: `mc-${String(k)}`, state: (i / 50) % 2 === 0 ? "crashed" : "online" })));
    }
    const used = process.cpuUsage(start);
    await dispatcher.close();
    return (used.user + used.system) / count;
  };
  await run();
  return Math.min(await run(), await run(), await run());
}

const COUNT = Number(process.env.BENCH_EVENTS ?? 400);
const off = await cpuPerEvent(undefined, COUNT);
const on = await cpuPerEvent({}, COUNT);
console.log(`incidents off: ${off.toFixed(1)} µs/event; on: ${on.toFixed(1)} µs/event; ratio ${(on / off).toFixed(2)}x (target <= 1.5x)`);
