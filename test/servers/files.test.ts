/**
 * `files` through the durable queues (Redis and PostgreSQL): a producer's file reaches the fake whole from a worker
 * process's lane, the queue's `maxFileBytes` bound refuses a larger call with a ValidationError (nothing queued),
 * and the queue never holds the webhook's token.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, ValidationError } from "../../src/index.js";
import type { DeliveryState } from "../../src/state.js";
import { postgresQueue } from "../../src/postgres/index.js";
import { redisQueue } from "../../src/redis/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { requireEnv } from "./env.js";
import { dumpPrefix, rawClient, requireRedisUrl } from "./redis/support/env.js";

const redisUrl = requireRedisUrl();
const pgUrl = requireEnv("DATABASE_URL_PG");
const fake: DiscordFake = await createDiscordFake();
afterAll(() => fake.close());

const backends: [string, (prefix: string, maxFileBytes?: number) => DeliveryState][] = [
  ["redis", (prefix, maxFileBytes) => redisQueue({ connection: redisUrl, prefix, leaseMs: 2000, ...(maxFileBytes && { maxFileBytes }) })],
  ["postgres", (prefix, maxFileBytes) => postgresQueue({ connection: pgUrl, prefix: `${prefix}_`, leaseMs: 2000, ...(maxFileBytes && { maxFileBytes }) })],
];

describe.each(backends)("files through %s", (name, queueOf) => {
  it("a producer's file is sent whole by the worker; over maxFileBytes is refused; no token is stored", async () => {
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w1", name: "ops", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const prefix = `f${randomUUID().slice(0, 8)}`;
    const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl });
    const worker = createDispatcher({ store, queue: queueOf(prefix), transport });
    const producer = createDispatcher({ store, queue: queueOf(prefix, 64 * 1024), transport, worker: false });
    try {
      const bytes = new Uint8Array(48 * 1024).map((_, i) => i % 251);
      const result = await producer.dispatch("CUSTOM", { title: `log via ${name}` }, { files: [{ name: "dump.bin", data: bytes }] });
      expect(result.deliveries[0]?.status).toBe("delivered");
      const [message] = fake.messages(hook.id);
      expect(message?.attachments[0]?.filename).toBe("dump.bin");
      expect([...(message?.attachments[0]?.data ?? [])]).toEqual([...bytes]);

      const error = await producer.dispatch("CUSTOM", { title: "too big" }, { files: [{ name: "a.bin", data: new Uint8Array(40 * 1024) }, { name: "b.bin", data: new Uint8Array(40 * 1024) }] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe("files.1.data");
      expect(fake.messages(hook.id)).toHaveLength(1);

      if (name === "redis") {
        const raw = rawClient();
        const dump = await dumpPrefix(raw, prefix);
        raw.disconnect();
        expect(dump.filter((k) => k.value.includes(hook.token))).toEqual([]);
      }
    } finally {
      await producer.close();
      await worker.close();
    }
  });
});
