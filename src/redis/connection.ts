/**
 * Redis clients of one `redisQueue()`: a command client that fails fast, a subscriber for outcome announcements,
 * and the connection BullMQ's workers block on. Built from a URL, ioredis options or an ioredis instance.
 */
import { Redis, type RedisOptions } from "ioredis";
import { StoreError } from "../errors.js";

/** What `redisQueue({ connection })` accepts: a Redis URL, ioredis options, or an ioredis instance (duplicated, never closed by us). */
export type RedisConnection = string | RedisOptions | Redis;

/** How long the first connect may take before commands fail instead of waiting. */
const FIRST_CONNECT_MS = 2000;
/** A command that Redis does not answer within this fails: nothing hangs on a stuck server. */
const COMMAND_TIMEOUT_MS = 5000;

/** Fail-fast settings: no offline queue (a command while disconnected rejects at once), reconnect forever. */
const FAST: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: COMMAND_TIMEOUT_MS,
  connectTimeout: FIRST_CONNECT_MS,
  retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
};

/** Settings BullMQ requires for blocking worker connections. */
const BLOCKING: RedisOptions = { maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000) };

/** One client per role, made lazily from the same connection settings. */
export interface RedisClients {
  /** Commands of producers and workers (scripts, budgets, outcomes). Rejects at once while Redis is down. */
  command: Redis;
  /** A fresh client for a role (subscriber, BullMQ queue or worker). `blocking` for BullMQ workers. */
  make(role: "subscriber" | "queue" | "blocking"): Redis;
  /** Resolves when `command` is ready; rejects with a `StoreError` when Redis is unreachable. */
  ready(): Promise<void>;
  /** Disconnects every client made here. */
  close(): Promise<void>;
}

/** Builds the clients. Never connects a given instance itself: it is duplicated with our settings. */
export function createClients(connection: RedisConnection): RedisClients {
  const made: Redis[] = [];
  const build = (extra: RedisOptions): Redis => {
    const client =
      connection instanceof Redis
        ? connection.duplicate(extra)
        : typeof connection === "string"
          ? new Redis(connection, extra)
          : new Redis({ ...connection, ...extra });
    // ioredis emits connection errors as events; without a listener Node would print them. The state each
    // caller sees (rejections, `ready()`) carries the error instead.
    client.on("error", () => undefined);
    made.push(client);
    return client;
  };
  const command = build(FAST);
  // After the first success or failure, a client that is not ready fails at once: only the very first connect
  // is waited for (bounded), so nothing hangs on a server that is down.
  let settled = false;
  let first: Promise<void> | undefined;
  command.once("ready", () => {
    settled = true;
  });
  command.once("error", () => {
    settled = true;
  });
  return {
    command,
    make(role) {
      if (role === "blocking") return build(BLOCKING);
      return build(role === "subscriber" ? { ...FAST, enableOfflineQueue: true, maxRetriesPerRequest: null } : FAST);
    },
    async ready() {
      if (command.status === "ready") return;
      if (settled || command.status === "end" || command.status === "close") throw unreachable(command.status);
      // Every call made during the first connect waits on one promise (one set of listeners).
      first ??= waitReady(command, FIRST_CONNECT_MS);
      await first;
    },
    async close() {
      await Promise.all(made.map((c) => quit(c)));
    },
  };
}

/** The error every Redis failure of a producer becomes. Never names a password: only the client's status. */
export function unreachable(status: string, cause?: unknown): StoreError {
  return new StoreError("redis", `Redis is unreachable (connection ${status}); the delivery was not queued`, cause === undefined ? undefined : { cause });
}

/** Wraps a failed Redis command into a `StoreError` naming what was attempted. */
export function redisError(what: string, cause: unknown): StoreError {
  if (cause instanceof StoreError) return cause;
  return new StoreError("redis", `${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
}

function waitReady(client: Redis, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: StoreError): void => {
      clearTimeout(timer);
      client.off("ready", onReady);
      client.off("end", onEnd);
      client.off("error", onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = (): void => {
      done();
    };
    const onEnd = (): void => {
      done(unreachable("ended"));
    };
    const onError = (error: unknown): void => {
      done(unreachable(client.status, error));
    };
    const timer = setTimeout(() => {
      done(unreachable(client.status));
    }, ms);
    client.once("ready", onReady);
    client.once("end", onEnd);
    client.once("error", onError);
  });
}

async function quit(client: Redis): Promise<void> {
  if (client.status === "end") return;
  try {
    if (client.status === "ready") await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}
