/**
 * `redisQueue()`: the delivery state port on Redis, so several processes share one queue, one set of lane leases,
 * one rate-limit budget and one book of outcomes. The lane algorithm is the engine's, unchanged.
 */
import { randomUUID } from "node:crypto";
import type { DeliveryOutcome, DeliveryState, QueuedEmbed } from "../delivery/state.js";
import type { IncidentState } from "../incidents/port.js";
import { DEFAULT_MAX_FILE_BYTES } from "../options.js";
import { createClients, redisError } from "./connection.js";
import { redisIncidentState } from "./incidents.js";
import { createKeys } from "./keys.js";
import { parseRedisQueueOptions, type RedisQueueOptions } from "./options.js";
import { redisLanes } from "./lanes.js";
import { redisLeases, type RedisLeases } from "./leases.js";
import { sharedLimits } from "./limits.js";
import { redisOutcomes } from "./outcomes.js";
import { pushDelivery } from "./push.js";
import { retrying } from "./retry.js";
import { runTurn } from "./turn.js";

/** The Redis delivery state. `durable` tells the dispatcher that queued work outlives this process. */
export interface RedisDeliveryState extends DeliveryState {
  readonly durable: true;
  /** Incidents and silences in Redis, shared by every process of the prefix. */
  readonly incidents: IncidentState;
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
export function redisQueue(rawOptions: RedisQueueOptions): RedisDeliveryState {
  const options = parseRedisQueueOptions(rawOptions);
  const prefix = options.prefix ?? "dwd";
  const leaseMs = options.leaseMs ?? 30_000;
  const clients = createClients(options.connection);
  const keys = createKeys(prefix);
  const lanes = redisLanes<QueuedEmbed>(clients.command, keys);
  const limits = sharedLimits(clients.command, prefix, options.egress ?? "default");
  const outcomes = redisOutcomes(clients.command, clients.make("subscriber"), keys, randomUUID(), options.outcomeTtlMs ?? 86_400_000);
  let leases: RedisLeases | undefined;
  let reconciler: ReturnType<typeof setInterval> | undefined;
  let users = 0;
  let released = false;
  // Settlements still being written: connections stay open until they are done.
  const settling = new Set<Promise<unknown>>();

  const dispose = async (): Promise<void> => {
    if (released) return;
    released = true;
    clearInterval(reconciler);
    await leases?.close().catch(() => undefined);
    await Promise.allSettled([...settling]);
    // What is still awaited here stays queued in Redis for the other processes: it is not a failure.
    await outcomes.release(QUEUED);
    await clients.close();
  };
  const queueLeases = (): RedisLeases => (leases ??= redisLeases(clients.make("queue"), () => clients.make("blocking"), prefix, { leaseMs, concurrency: options.concurrency ?? 64 }));
  /** Every call waits for the first connect (bounded) and fails fast with a StoreError while Redis is down. */
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      await clients.ready();
      return await fn();
    } catch (error) {
      throw redisError(what, error);
    }
  };
  // Writes after a send are retried through a blip: a sent message's jobs must leave the lane (else they are sent
  // again) and its outcome must reach the caller (else it waits in vain). Both writes are safe to repeat.
  const write = <T>(what: string, fn: () => Promise<T>): Promise<T> => retrying(() => call(what, fn), WRITE_RETRY_MS, () => released);

  return {
    durable: true,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    incidents: redisIncidentState(clients.command, prefix, call),
    push: (laneId, jobs, capacity, idempotencyKey) => pushDelivery({ clients, keys, lanes, outcomes, wake: (id) => queueLeases().wake(id) }, laneId, jobs, capacity, idempotencyKey),
    head: (laneId, limit) => call("head", () => lanes.peek(laneId, limit)),
    remove: (laneId, ids) =>
      write("remove", async () => {
        if (ids.length > 0) await lanes.remove(laneId, ids);
      }),
    drain: (laneId) => call("drain", () => lanes.drain(laneId)),

    serve(runner) {
      const own = queueLeases();
      const hasWork = async (laneId: string): Promise<boolean> => (await clients.command.getdel(keys.kick(laneId))) !== null || (await lanes.size(laneId)) > 0;
      own.work((laneId, renew) => runTurn(clients, keys, lanes, runner, laneId, renew, leaseMs), hasWork);
      // Every lane with work gets a lane job: at start (work queued while no worker ran), then every leaseMs
      // (a wake-up lost to a crash or a Redis blip). BullMQ ignores the add while the lane's job exists.
      const reconcile = (): void => {
        void lanes
          .lanes()
          .then((ids) => Promise.all(ids.map((id) => own.wake(id))))
          .catch(() => undefined);
      };
      reconcile();
      reconciler = setInterval(reconcile, leaseMs);
      reconciler.unref();
    },
    async close() {
      clearInterval(reconciler);
      await leases?.close().catch(() => undefined);
      // Used without a dispatcher (nobody retained it): closing is the end.
      if (users === 0) await dispose();
    },
    retain() {
      users += 1;
    },
    async release() {
      users -= 1;
      if (users <= 0) await dispose();
    },

    take: (request, policy) => call("take", () => limits.take(request, policy)),
    learn: (ticket, answer, policy) => call("learn", () => limits.learn(ticket, answer, policy)),
    invalidAnswers: () => call("invalidAnswers", () => limits.invalidAnswers()),

    settle(parts) {
      const done = write("settle", () => outcomes.settle(parts));
      settling.add(done);
      const forget = (): void => {
        settling.delete(done);
      };
      void done.then(forget, forget);
      return done;
    },
    // Never rejects: a blip is waited out, a vanished record ends as LOST.
    outcome: (deliveryId) => outcomes.wait(deliveryId),
  };
}

/** How long a write after a send is retried before it is given up (and reported by the lane). */
const WRITE_RETRY_MS = 30_000;

const QUEUED: DeliveryOutcome = { status: "queued", messageIds: [], attempts: 0 };
