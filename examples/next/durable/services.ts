import { createDispatcher, fetchTransport, type Dispatcher } from "discord-webhook-dispatcher";
import { redisQueue } from "discord-webhook-dispatcher/redis";
import { openStore } from "../lib/server";

/**
 * Durable delivery for this example: the queue, lane leases, Discord's budgets and outcomes live in Redis
 * (REDIS_URL), so the web tier only enqueues (`worker: false`) and long-lived workers (./worker.ts) send. Both use
 * the same webhook table as the rest of the example.
 */
export async function durableDispatcher(role: "producer" | "worker"): Promise<Dispatcher> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error("Set REDIS_URL (for example redis://127.0.0.1:6379) to use durable delivery.");
  const apiBaseUrl = process.env.DISCORD_API_BASE_URL;
  return createDispatcher({
    store: await openStore(),
    queue: redisQueue({ connection: redisUrl, prefix: "acme-discord", leaseMs: 30_000 }),
    // A producer never sends: it only puts deliveries into Redis.
    worker: role === "worker",
    transport: fetchTransport(apiBaseUrl ? { apiBaseUrl } : {}),
    branding: { footer: "Acme Hosting (Next.js example)", username: "Acme Notifications" },
    logger: { warn: (m) => console.warn(m), error: (m) => console.error(m) },
  });
}
