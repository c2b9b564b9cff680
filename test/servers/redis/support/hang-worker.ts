/** Child process for the lease test: takes lanes and hangs inside the turn until it is SIGKILLed. */
import { createClients } from "../../../../src/redis/connection.js";
import { redisLeases } from "../../../../src/redis/leases.js";

const [url, prefix, leaseMs] = process.argv.slice(2) as [string, string, string];
const clients = createClients(url);
await clients.ready();
const leases = redisLeases(clients.make("queue"), () => clients.make("blocking"), prefix, { leaseMs: Number(leaseMs), concurrency: 1 });
leases.work(async (laneId) => {
  process.stdout.write(`took ${laneId}\n`);
  return new Promise(() => undefined);
}, () => Promise.resolve(false));
process.stdout.write("ready\n");
