/**
 * One lease turn on a lane, with the in-flight marker that lets an adopting process report possible duplicates.
 */
import { randomUUID } from "node:crypto";
import type { LaneLease, LaneRun, LaneRunner, QueuedEmbed } from "../delivery/state.js";
import type { RedisClients } from "./connection.js";
import type { Keys } from "./keys.js";
import type { RedisLanes } from "./lanes.js";
import { lua, runScript } from "./script.js";

/**
 * One lease turn. Right before each send, `renew(sending)` records the ids of the jobs that request carries (the
 * in-flight marker); the marker is cleared when the turn returns. A marker found when a turn starts was left by an
 * owner that died (or lost its lease) mid-request: those of its jobs that are still queued are reported as possible
 * duplicates, since Discord may have posted them.
 */
export async function runTurn(
  clients: RedisClients,
  keys: Keys,
  lanes: RedisLanes<QueuedEmbed>,
  runner: LaneRunner,
  laneId: string,
  renew: () => Promise<boolean>,
  leaseMs: number,
): Promise<LaneRun> {
  const marker = keys.inFlight(laneId);
  const turnId = randomUUID();
  const [, got] = (await clients.command.multi().del(keys.kick(laneId)).get(marker).exec()) ?? [];
  const left = got?.[1];
  let possibleDuplicates: string[] = [];
  if (typeof left === "string") {
    possibleDuplicates = await stillQueued(clients, keys, lanes, laneId, left);
    await runScript(clients.command, DELETE_IF, [marker], [left]);
  }
  const lease: LaneLease = {
    laneId,
    possibleDuplicates,
    async renew(sending) {
      // The marker is written while the lock is extended (one round trip less before every send); a lease found
      // lost takes its marker back at once.
      const value = JSON.stringify({ turn: turnId, ids: sending ?? [] });
      const [owned] = await Promise.all([renew(), clients.command.set(marker, value, "PX", Math.max(leaseMs * 10, 86_400_000))]);
      if (!owned) await runScript(clients.command, DELETE_MINE, [marker], [turnId]);
      return owned;
    },
  };
  let result = await runner(lease);
  // A short wait (a budget window about to free a slot) is slept here, keeping the lane: a round trip through
  // BullMQ's delayed set would cost more than the wait. Longer waits free the worker slot.
  while (!result.idle && result.retryInMs <= SHORT_WAIT_MS && (await renew())) {
    const waitMs = Math.max(1, result.retryInMs);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    result = await runner(lease);
  }
  await runScript(clients.command, DELETE_MINE, [marker], [turnId]).catch(() => undefined);
  return result;
}

/** Deliveries of the marker's jobs that are still queued (settled ones are not in flight any more). */
async function stillQueued(clients: RedisClients, keys: Keys, lanes: RedisLanes<QueuedEmbed>, laneId: string, marker: string): Promise<string[]> {
  let ids: string[];
  try {
    ids = (JSON.parse(marker) as { ids?: string[] }).ids ?? [];
  } catch {
    ids = [];
  }
  const jobs = ids.length > 0 ? (await clients.command.hmget(keys.jobs(laneId), ...ids)).filter((j): j is string => j !== null).map((j) => JSON.parse(j) as QueuedEmbed) : await lanes.peek(laneId, 10);
  return [...new Set(jobs.map((j) => j.deliveryId))];
}

/** Deletes a key only while it holds the given value. */
const DELETE_IF = lua(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);

/** Waits up to this long are slept inside the lease instead of through BullMQ's delayed set. */
const SHORT_WAIT_MS = 250;

/** Deletes the marker only while it is this turn's (a lease lost meanwhile leaves the new owner's marker alone). */
const DELETE_MINE = lua(`local v = redis.call('GET', KEYS[1]) if v and string.find(v, ARGV[1], 1, true) then return redis.call('DEL', KEYS[1]) end return 0`);
