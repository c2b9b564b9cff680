/**
 * Child process for the adoption test: serves lanes straight from the state, marks the head as being sent
 * (`renew(sending)`, as the engine does right before a request) and hangs there until it is SIGKILLed.
 */
import { redisQueue } from "../../../../src/redis/index.js";

const [url, prefix] = process.argv.slice(2) as [string, string];
const state = redisQueue({ connection: url, prefix, leaseMs: 2000 });
state.serve(async (lease) => {
  const head = await state.head(lease.laneId, 10);
  await lease.renew(head.map((j) => j.id));
  process.stdout.write(`sending ${lease.laneId}\n`);
  return new Promise(() => undefined);
});
process.stdout.write("ready\n");
