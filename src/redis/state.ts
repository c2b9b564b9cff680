/**
 * `redisQueue()`: the delivery state port on Redis, so several processes share one queue, one set of lane leases,
 * one rate-limit budget and one book of outcomes. The lane algorithm is the engine's, unchanged.
 */
import { randomUUID } from "node:crypto";
import type { DeliveryOutcome, DeliveryState, LaneLease, LaneRunner, QueuedEmbed } from "../delivery/state.js";
import { ConfigError } from "../errors.js";
import { createClients, redisError, type RedisClients, type RedisConnection } from "./connection.js";
import { createKeys, type Keys } from "./keys.js";
import { redisLanes } from "./lanes.js";
import { redisLeases, type RedisLeases } from "./leases.js";
import { sharedLimits } from "./limits.js";
import { lua, runScript } from "./script.js";
import { redisOutcomes } from "./outcomes.js";

/** Options of {@link redisQueue}. */
export interface RedisQueueOptions {
  /** A Redis URL (`redis://host:6379`), ioredis options, or an ioredis instance (duplicated; never closed by us). */
  connection: RedisConnection;
  /** Namespace of every key. Processes that share a prefix share queues and budgets. Default `dwd`. */
  prefix?: string;
  /**
   * How long a crashed process's lanes wait before another process adopts them (BullMQ lock + stalled check).
   * Keep it well above the HTTP timeout (`timeoutMs`, default 15 s). Default 30 000.
   */
  leaseMs?: number;
  /**
   * The IP address (or any name) this process sends from. Discord's global limit is per IP: processes with the same
   * egress share one budget. Default: one budget for every process of the prefix.
   */
  egress?: string;
  /** How long a settled delivery's outcome stays in Redis. Default 24 h. */
  outcomeTtlMs?: number;
  /** Lanes this process works at once. Default 32. */
  concurrency?: number;
}

/** The Redis delivery state. `durable` tells the dispatcher that queued work outlives this process. */
export interface RedisDeliveryState extends DeliveryState {
  readonly durable: true;
}

/**
 * The delivery state on Redis (BullMQ leases, Lua-scripted lanes and budgets, outcomes on pub/sub). Needs the
 * optional peers `bullmq` and `ioredis`. Jobs carry webhook ids, embeds and message options: never a URL or token.
 *
 * @example
 * ```ts
 * import { redisQueue } from "discord-webhook-dispatcher/redis";
 * const dispatcher = createDispatcher({ store, queue: redisQueue({ connection: process.env.REDIS_URL }) });
 * ```
 */
export function redisQueue(options: RedisQueueOptions): RedisDeliveryState {
  const prefix = options.prefix ?? "dwd";
  const leaseMs = options.leaseMs ?? 30_000;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new ConfigError(`[redis] prefix must match [A-Za-z0-9_.-]+, got ${JSON.stringify(prefix)}`);
  if (!Number.isFinite(leaseMs) || leaseMs < 1000) throw new ConfigError("[redis] leaseMs must be at least 1000");
  const clients = createClients(options.connection);
  const keys = createKeys(prefix);
  const lanes = redisLanes<QueuedEmbed>(clients.command, keys);
  const limits = sharedLimits(clients.command, prefix, options.egress ?? "default");
  const outcomes = redisOutcomes(clients.command, clients.make("subscriber"), keys, randomUUID(), options.outcomeTtlMs ?? 86_400_000);
  let leases: RedisLeases | undefined;
  let reconciler: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const queueLeases = (): RedisLeases => (leases ??= redisLeases(clients.make("queue"), () => clients.make("blocking"), prefix, { leaseMs, concurrency: options.concurrency ?? 32 }));
  /** Every call waits for the first connect (bounded) and fails fast with a StoreError while Redis is down. */
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      await clients.ready();
      return await fn();
    } catch (error) {
      throw redisError(`[redis] ${what}`, error);
    }
  };

  return {
    durable: true,
    push: (laneId, jobs, capacity) =>
      call("push", async () => {
        const first = jobs[0];
        const record = first ? outcomes.record(first.deliveryId, jobs.length) : undefined;
        const pushed = await lanes.push(laneId, jobs, capacity, record);
        if (pushed) await queueLeases().wake(laneId);
        return pushed;
      }),
    head: (laneId, limit) => call("head", () => lanes.peek(laneId, limit)),
    remove: (laneId, ids) =>
      call("remove", async () => {
        if (ids.length > 0) await lanes.remove(laneId, ids);
      }),
    drain: (laneId) => call("drain", () => lanes.drain(laneId)),

    serve(runner) {
      const own = queueLeases();
      const hasWork = async (laneId: string): Promise<boolean> => (await clients.command.getdel(keys.kick(laneId))) !== null || (await lanes.size(laneId)) > 0;
      own.work((laneId, renew) => runTurn(clients, keys, lanes, runner, laneId, renew, leaseMs), hasWork);
      reconciler = setInterval(() => {
        void lanes
          .lanes()
          .then((ids) => Promise.all(ids.map((id) => own.wake(id))))
          .catch(() => undefined);
      }, leaseMs);
      reconciler.unref();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(reconciler);
      await leases?.close().catch(() => undefined);
      // What is still awaited here stays queued in Redis for the other processes: it is not a failure.
      await outcomes.release(QUEUED);
      await clients.close();
    },

    take: (request, policy) => call("take", () => limits.take(request, policy)),
    learn: (ticket, answer, policy) => call("learn", () => limits.learn(ticket, answer, policy)),
    invalidAnswers: () => call("invalidAnswers", () => limits.invalidAnswers()),

    settle: (parts) => call("settle", () => outcomes.settle(parts)),
    outcome: (deliveryId) => call("outcome", () => outcomes.wait(deliveryId)),
  };
}

const QUEUED: DeliveryOutcome = { status: "queued", messageIds: [], attempts: 0 };

/**
 * One lease turn: an in-flight marker left by a previous owner means it died (or lost its lease) while a request
 * may have been on the way; the head of the lane is then reported as a possible duplicate. The marker is set at
 * every renew (right before a send) and cleared when the turn returns.
 */
async function runTurn(
  clients: RedisClients,
  keys: Keys,
  lanes: ReturnType<typeof redisLanes<QueuedEmbed>>,
  runner: LaneRunner,
  laneId: string,
  renew: () => Promise<boolean>,
  leaseMs: number,
): Promise<{ idle: true } | { idle: false; retryInMs: number }> {
  const marker = keys.inFlight(laneId);
  const turnId = randomUUID();
  await clients.command.del(keys.kick(laneId));
  const left = await clients.command.get(marker);
  let possibleDuplicates: string[] = [];
  if (left !== null) {
    const head = await lanes.peek(laneId, 10);
    possibleDuplicates = [...new Set(head.map((j) => j.deliveryId))];
    await runScript(clients.command, DELETE_IF, [marker], [left]);
  }
  const lease: LaneLease = {
    laneId,
    possibleDuplicates,
    async renew() {
      if (!(await renew())) return false;
      await clients.command.set(marker, turnId, "PX", Math.max(leaseMs * 10, 86_400_000));
      return true;
    },
  };
  const result = await runner(lease);
  await runScript(clients.command, DELETE_IF, [marker], [turnId]).catch(() => undefined);
  return result;
}

/** Deletes a key only while it holds the given value (a lease lost meanwhile leaves the new owner's marker alone). */
const DELETE_IF = lua(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);
