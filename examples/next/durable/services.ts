import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { createDispatcher, fetchTransport, type Dispatcher } from "discord-webhook-dispatcher";
import { drizzleStore } from "discord-webhook-dispatcher/adapters/drizzle";
import { redisQueue } from "discord-webhook-dispatcher/redis";

/**
 * Durable delivery for this example: the queue, lane leases, Discord's budgets and outcomes live in Redis
 * (REDIS_URL), so the web tier only enqueues and one long-lived worker (./worker.ts) sends.
 * Needs the optional peers: `npm i bullmq ioredis`.
 */
export function durableDispatcher(role: "producer" | "worker"): Dispatcher {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error("Set REDIS_URL (for example redis://127.0.0.1:6379) to use durable delivery.");
  const client = createClient({ url: process.env.DATABASE_URL ?? "file:./data/next-example.db" });
  const apiBaseUrl = process.env.DISCORD_API_BASE_URL;
  return createDispatcher({
    store: drizzleStore(drizzle(client)),
    queue: redisQueue({ connection: redisUrl, prefix: "acme-discord", leaseMs: 30_000 }),
    // A producer never sends: it only puts deliveries into Redis.
    worker: role === "worker",
    transport: fetchTransport(apiBaseUrl ? { apiBaseUrl } : {}),
    branding: { footer: "Acme Hosting (Next.js example)", username: "Acme Notifications" },
    logger: { warn: (m) => console.warn(m), error: (m) => console.error(m) },
  });
}
