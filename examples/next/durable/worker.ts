import { durableDispatcher } from "./services";

/**
 * The long-lived worker: takes lanes from Redis and sends to Discord. Run one or more beside your serverless
 * functions or web processes: `REDIS_URL=redis://127.0.0.1:6379 npx tsx durable/worker.ts`.
 * On SIGTERM (a deploy) it finishes the request in flight and leaves the rest queued for the other workers.
 */
const worker = await durableDispatcher("worker");
console.log("[worker] taking lanes from Redis");

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void worker.close().then(() => {
      console.log("[worker] closed; queued work stays in Redis");
      process.exit(0);
    });
  });
}
