/**
 * The queue port behind the lanes. Lanes pull from it; the engine pushes into it.
 *
 * Why a port: the default keeps jobs in process memory (lost on exit, one process). A durable queue can
 * implement the same six methods and be passed as `createDispatcher({ queue })`, leaving builders, routing and the
 * dispatcher untouched. A Redis/BullMQ-style implementation maps them onto one list per lane:
 * `push` = a MULTI of LLEN (capacity check) + RPUSH, `peek` = LRANGE 0 limit-1, `remove` = LREM per id,
 * `drain` = LRANGE + DEL, `size` = LLEN, `lanes` = a set of non-empty lane ids.
 *
 * What stays in the process, by design: the promise each caller awaits and per-embed counters (attempts, 429s),
 * kept by the engine's ledger and keyed by job id. Jobs themselves are plain JSON (ids, embed, message options).
 * Still to build for multi-instance use (not needed for the in-process default): one worker per lane at a time
 * (a lock per lane, since order is kept by sending one request per lane), and adopting jobs a crashed process
 * left behind (`lanes()` lists where they are; today the engine only sends jobs it enqueued itself).
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { WireMessageOptions } from "./types.js";

/** One embed waiting in a lane. Plain data, JSON-serialisable. */
export interface QueuedEmbed {
  /** Unique id of this job. */
  id: string;
  /** The lane: the webhook's store id. */
  laneId: string;
  /** The delivery this embed belongs to; a delivery settles when all its embeds have. */
  deliveryId: string;
  embed: DiscordEmbed;
  message: WireMessageOptions;
  /** Equal for equal `message` options: only jobs with the same key are packed into one message. */
  packKey: string;
  /** Never packed with other deliveries' embeds. */
  solo: boolean;
}

/**
 * The queue port. Every method may be asynchronous. Per lane, the queue MUST keep insertion order, and `push`
 * MUST be atomic (all of a delivery's jobs, or none).
 */
export interface DeliveryQueue {
  /** Appends `jobs` (all for one lane) when the lane then holds at most `capacity` jobs; else stores nothing and gives `false`. */
  push(laneId: string, jobs: readonly QueuedEmbed[], capacity: number): Promise<boolean>;
  /** The first `limit` jobs of the lane, oldest first, without removing them. */
  peek(laneId: string, limit: number): Promise<QueuedEmbed[]>;
  /** Removes these jobs (settled ones) from the lane. */
  remove(laneId: string, ids: readonly string[]): Promise<void>;
  /** Removes and returns every job of the lane (used when a webhook is disabled or the dispatcher closes). */
  drain(laneId: string): Promise<QueuedEmbed[]>;
  /** Number of jobs waiting in the lane. */
  size(laneId: string): Promise<number>;
  /** Ids of lanes that hold jobs. */
  lanes(): Promise<string[]>;
}

/**
 * The default, in-process {@link DeliveryQueue}. Memory is bounded by the engine's per-lane capacity.
 *
 * @example
 * ```ts
 * createDispatcher({ store, queue: memoryQueue() })
 * ```
 */
export function memoryQueue(): DeliveryQueue {
  const lanes = new Map<string, QueuedEmbed[]>();
  return {
    push(laneId, jobs, capacity) {
      const list = lanes.get(laneId) ?? [];
      if (list.length + jobs.length > capacity) return Promise.resolve(false);
      list.push(...jobs);
      lanes.set(laneId, list);
      return Promise.resolve(true);
    },
    peek(laneId, limit) {
      return Promise.resolve((lanes.get(laneId) ?? []).slice(0, limit));
    },
    remove(laneId, ids) {
      const list = lanes.get(laneId);
      if (list) {
        const gone = new Set(ids);
        const kept = list.filter((j) => !gone.has(j.id));
        if (kept.length === 0) lanes.delete(laneId);
        else lanes.set(laneId, kept);
      }
      return Promise.resolve();
    },
    drain(laneId) {
      const list = lanes.get(laneId) ?? [];
      lanes.delete(laneId);
      return Promise.resolve(list);
    },
    size(laneId) {
      return Promise.resolve(lanes.get(laneId)?.length ?? 0);
    },
    lanes() {
      return Promise.resolve([...lanes.keys()]);
    },
  };
}
