/**
 * The producer of the multi-process test (`worker: false`): a steady stream of events plus bursts, each to one
 * webhook (USER scope of its own user), titles `<webhook index>:<seq>` so the parent can check order and loss.
 * Streams with `wait: false`; the last event per webhook is awaited (its result comes from whichever worker sent it).
 */
import { createDispatcher } from "../../../../src/index.js";
import { emit, processOptions, readConfig } from "./mp-config.js";

const cfg = readConfig();
const dispatcher = createDispatcher({ ...processOptions(cfg), worker: false });
const hooks = cfg.seeds.length;
const seq = new Array<number>(hooks).fill(0);
let next = 0;
const errors: string[] = [];
let queued = 0;

// Burst events carry their own `content`, so none share a message: a burst needs more than Discord's 50 requests
// per second, and the shared per-IP budget is what holds it back.
const send = async (burst = false): Promise<void> => {
  const w = next++ % hooks;
  const title = `${w}:${seq[w]!++}`;
  const result = await dispatcher.dispatch("CUSTOM", { title, description: "x".repeat(40) }, { userId: `u${w}`, wait: false, ...(burst && { content: `burst ${title}` }) });
  if (result.deliveries.length === 1 && result.deliveries[0]?.status === "queued") queued += 1;
  else errors.push(`${title}: ${JSON.stringify(result.deliveries.map((d) => d.status))}`);
};

const started = Date.now();
const bursts = [...cfg.bursts];
const tickMs = 50;
let sentTicks = 0;
while (Date.now() - started < cfg.durationMs) {
  const elapsed = Date.now() - started;
  const due = Math.floor((elapsed / 1000) * cfg.perSecond) - sentTicks;
  for (let i = 0; i < due; i++) await send();
  sentTicks += Math.max(0, due);
  while (bursts[0] && bursts[0].atMs <= elapsed) {
    const burst = bursts.shift()!;
    for (let i = 0; i < burst.events; i++) await send(true);
  }
  await new Promise((r) => setTimeout(r, tickMs));
}
emit({ streamed: queued, errors: errors.length });
// One awaited event per webhook: resolves once a worker settled it.
const finals = await Promise.all(
  Array.from({ length: hooks }, (_, w) => dispatcher.dispatch("CUSTOM", { title: `${w}:${seq[w]!++}`, description: "final" }, { userId: `u${w}` })),
);
const finalOk = finals.filter((r) => r.success && r.deliveries[0]?.status === "delivered").length;
await dispatcher.close();
emit({ done: true, queued, finalOk, errors, counts: seq });
process.exit(0);
