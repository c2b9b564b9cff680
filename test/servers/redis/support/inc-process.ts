/**
 * A process of the incidents multi-process test: sends and works (`worker: true`) with `incidents` on, over the
 * shared Redis. Sends `rounds` crash events of every server in `servers`, one round every `gapMs`, each awaited with
 * the others of its round, and prints one line per result, then `{ done }`.
 */
import { createDispatcher } from "../../../../src/index.js";
import { emit, processOptions, readConfig } from "./mp-config.js";

const cfg = readConfig() as ReturnType<typeof readConfig> & { servers: string[]; rounds: number; gapMs: number };
const dispatcher = createDispatcher({ ...processOptions(cfg), incidents: {} });
emit({ ready: process.pid });
for (let round = 0; round < cfg.rounds; round++) {
  const results = await Promise.all(cfg.servers.map((serverName) => dispatcher.serverStateChange({ serverName, state: "crashed" })));
  results.forEach((r, i) => emit({ server: cfg.servers[i], ok: r.success, actions: r.deliveries.map((d) => d.action ?? d.status) }));
  await new Promise((r) => setTimeout(r, cfg.gapMs));
}
await dispatcher.close();
emit({ done: true });
