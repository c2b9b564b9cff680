/**
 * Delivery outcomes in Redis: one hash per delivery (opened by the push that queued it), settled by whichever
 * process sends it, kept for `ttlMs` after settling, and announced on the pub/sub channel of the process that
 * queued it, so the caller awaiting the result resolves wherever the message went out. A slow poll covers an
 * announcement lost while the subscriber reconnected, and ends a wait whose record is gone (flushed, evicted, or
 * Redis restarted without persistence) with a `LOST` outcome instead of waiting forever. How a record is settled
 * and read is in outcome-records.ts; this file holds the waits.
 */
import type { Redis } from "ioredis";
import type { CompletedDelivery, DeliveryOutcome, SettledEmbeds } from "../delivery/state.js";
import { StoreError } from "../errors.js";
import type { Keys } from "./keys.js";
import type { PushRecord } from "./lanes.js";
import { readOutcome, settleOutcomes, toOutcome, type OutcomeJson } from "./outcome-records.js";

/** How often waits are checked against Redis in case an announcement was missed. */
const POLL_MS = 2000;
/** A wait ends `LOST` once its record was missing at this many checks in a row (about this many × POLL_MS). */
const LOST_AFTER_CHECKS = 2;

/** The outcome book of one process (`origin`). */
export interface RedisOutcomes {
  /** Fields of a new delivery's record, written by the push that queues its embeds. */
  record(deliveryId: string, embeds: number): PushRecord;
  /**
   * Records parts; safe to run again after a write that got no answer (each job counts once). Gives the deliveries
   * this call completed (a retried write whose first try completed one gives none: it is logged at most once).
   */
  settle(parts: readonly SettledEmbeds[]): Promise<CompletedDelivery[]>;
  /**
   * Resolves once the delivery settled, in any process. Never rejects: a Redis blip is waited out (the poll reads
   * again), and a record that is gone at {@link LOST_AFTER_CHECKS} checks in a row resolves `failed`, code `LOST`.
   */
  wait(deliveryId: string): Promise<DeliveryOutcome>;
  /** Gives every wait still open `outcome` (used at close), and stops listening. */
  release(outcome: DeliveryOutcome): Promise<void>;
}

/** The book of `origin`. `subscriber` is a dedicated connection. */
export function redisOutcomes(client: Redis, subscriber: Redis, keys: Keys, origin: string, ttlMs: number): RedisOutcomes {
  const waiters = new Map<string, ((outcome: DeliveryOutcome) => void)[]>();
  // Waits whose record was missing at the last checks, and how many checks in a row.
  const misses = new Map<string, number>();
  const channel = keys.announce(origin);
  let subscribed: Promise<unknown> | undefined;
  let poller: ReturnType<typeof setInterval> | undefined;

  const resolveWith = (id: string, outcome: DeliveryOutcome): void => {
    const list = waiters.get(id);
    if (!list) return;
    waiters.delete(id);
    misses.delete(id);
    for (const resolve of list) resolve(outcome);
    if (waiters.size === 0 && poller) {
      clearInterval(poller);
      poller = undefined;
    }
  };
  subscriber.on("message", (ch: string, message: string) => {
    if (ch !== channel) return;
    const json = JSON.parse(message) as OutcomeJson;
    resolveWith(json.id, toOutcome(json));
  });
  /** Reads a wait's record once; a failed read (Redis away) changes nothing: the next poll reads again. */
  const check = async (id: string): Promise<void> => {
    const done = await readOutcome(client, keys, id).catch(() => undefined);
    if (done === null) {
      const count = (misses.get(id) ?? 0) + 1;
      misses.set(id, count);
      if (count >= LOST_AFTER_CHECKS) resolveWith(id, lost());
    } else if (done) resolveWith(id, done);
    else misses.delete(id);
  };
  const subscribe = (): Promise<unknown> =>
    (subscribed ??= subscriber.subscribe(channel).catch((error: unknown) => {
      // Try again on the next wait or poll instead of keeping a failed subscription for good.
      subscribed = undefined;
      throw error;
    }));
  // One poll at a time: while Redis is paused, reads wait out the command timeout instead of piling up.
  let polling = false;
  const poll = async (): Promise<void> => {
    if (polling) return;
    polling = true;
    void subscribe().catch(() => undefined);
    await Promise.all([...waiters.keys()].map(check));
    polling = false;
  };

  return {
    record(deliveryId, embeds) {
      // An open record outlives any wait a queued embed can see; settling shortens it to ttlMs.
      return { key: keys.delivery(deliveryId), deliveryId, ttlMs: Math.max(ttlMs, 7 * 86_400_000), fields: { open: embeds, origin, done: 0, status: "delivered", attempts: 0 } };
    },
    settle: (parts) => settleOutcomes(client, keys, ttlMs, parts),
    async wait(deliveryId) {
      const settled = new Promise<DeliveryOutcome>((resolve) => {
        waiters.set(deliveryId, [...(waiters.get(deliveryId) ?? []), resolve]);
      });
      poller ??= setInterval(() => void poll(), POLL_MS);
      poller.unref();
      // Subscribed before the first read, so an announcement in between is not missed; while Redis is away the
      // poll covers it.
      await subscribe().catch(() => undefined);
      await check(deliveryId);
      return settled;
    },
    async release(outcome) {
      for (const id of [...waiters.keys()]) resolveWith(id, outcome);
      if (subscribed) await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}

/** The outcome of a wait whose record vanished: nobody can settle it any more. */
function lost(): DeliveryOutcome {
  const error = new StoreError("redis", "The delivery's record is gone from Redis (flushed, evicted, or restarted without persistence); whether it was posted is unknown", { code: "LOST" });
  return { status: "failed", messageIds: [], attempts: 0, error };
}
