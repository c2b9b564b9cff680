/**
 * `redisDeliveryLog()`: the delivery log on Redis, one capped list per webhook with a TTL.
 */
import { ConfigError, StoreError, ValidationError } from "../errors.js";
import { matches, normalQuery, normalRetention, retained } from "../delivery-log/ids.js";
import type { DeliveryLog, DeliveryLogEntry, DeliveryLogRetention } from "../delivery-log/types.js";
import { createClients, redisError, type RedisConnection } from "./connection.js";

/** Options of {@link redisDeliveryLog}. */
export interface RedisDeliveryLogOptions extends DeliveryLogRetention {
  /** A Redis URL, ioredis options, or an ioredis instance (duplicated, never closed by the log). */
  connection: RedisConnection;
  /** Namespace of the keys (`{prefix}:dlog:…`). Default `dwd`, as `redisQueue()`. */
  prefix?: string;
  /** Lifetime of a webhook's list after its last write, when `maxAgeMs` is not set. Default 30 days. */
  ttlMs?: number;
}

const DEFAULT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A {@link DeliveryLog} on Redis: per webhook a list of entries (JSON, newest first) capped at `maxPerWebhook`
 * (default 100) that expires `maxAgeMs` (else `ttlMs`, 30 days) after its last write; entries older than
 * `maxAgeMs` are never answered. Keys hold store ids and token-free entries only. Shared by every process of the
 * prefix.
 *
 * @example
 * ```ts
 * const deliveryLog = redisDeliveryLog({ connection: process.env.REDIS_URL! });
 * const dispatcher = createDispatcher({ store, queue: redisQueue({ connection }), deliveryLog });
 * ```
 */
export function redisDeliveryLog(options: RedisDeliveryLogOptions): DeliveryLog {
  const retention = normalRetention(options);
  const prefix = options.prefix ?? "dwd";
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new ConfigError(`[redis] prefix must match [A-Za-z0-9_.-]+, got ${JSON.stringify(prefix)}`);
  const ttlMs = Math.ceil(retention.maxAgeMs ?? options.ttlMs ?? DEFAULT_TTL_MS);
  const clients = createClients(options.connection);
  const redis = clients.command;
  // Webhook ids are any string: encoded, so none can reach into another key.
  const listKey = (webhookId: string): string => `${prefix}:dlog:w:${encodeURIComponent(webhookId)}`;
  const entryKey = (id: string): string => `${prefix}:dlog:e:${id}`;
  const run = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    try {
      await clients.ready();
      return await fn();
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw error instanceof StoreError ? new StoreError("redis", `deliveryLog.${method} failed`, { cause: error }) : redisError(`deliveryLog.${method}`, error);
    }
  };
  const read = async (webhookId: string): Promise<DeliveryLogEntry[]> => {
    const raw = await redis.lrange(listKey(webhookId), 0, -1);
    const entries = raw.map(parse).filter((e): e is DeliveryLogEntry => e !== null && e.webhookId === webhookId);
    entries.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return retained(entries, retention, Date.now());
  };

  return {
    append: (entries) =>
      run("append", async () => {
        if (entries.length === 0) return;
        const multi = redis.multi();
        for (const e of entries) {
          multi.lpush(listKey(e.webhookId), JSON.stringify(e));
          multi.set(entryKey(e.id), e.webhookId, "PX", ttlMs);
        }
        for (const id of new Set(entries.map((e) => e.webhookId))) {
          multi.ltrim(listKey(id), 0, retention.maxPerWebhook - 1);
          multi.pexpire(listKey(id), ttlMs);
        }
        const results = await multi.exec();
        const failed = results?.find(([error]) => error !== null);
        if (!results || failed) throw failed?.[0] ?? new Error("the transaction was aborted");
      }),
    list: (webhookId, query) =>
      run("list", async () => {
        const q = normalQuery(query);
        return (await read(webhookId)).filter((e) => matches(e, q)).slice(0, q.limit);
      }),
    get: (id) =>
      run("get", async () => {
        if (!/^[0-9a-z]{1,40}$/.test(id)) return null;
        const webhookId = await redis.get(entryKey(id));
        if (webhookId === null) return null;
        return (await read(webhookId)).find((e) => e.id === id) ?? null;
      }),
    close: () => clients.close(),
  };
}

function parse(text: string): DeliveryLogEntry | null {
  try {
    const value = JSON.parse(text) as DeliveryLogEntry & { createdAt: string };
    return { ...value, createdAt: new Date(value.createdAt) };
  } catch {
    return null;
  }
}
