/**
 * One lease turn on a lane, with the in-flight marker that lets an adopting process report possible duplicates.
 */
import { randomUUID } from "node:crypto";
import type { LaneLease, LaneRunner, QueuedEmbed } from "../delivery/state.js";
import type { RedisClients } from "./connection.js";
import type { Keys } from "./keys.js";
import type { RedisLanes } from "./lanes.js";
import { lua, runScript } from "./script.js";

/**
 * One lease turn: an in-flight marker left by a previous owner means it died (or lost its lease) while a request
 * may have been on the way; the head of the lane is then reported as a possible duplicate. The marker is set at
 * every renew (right before a send) and cleared when the turn returns.
 */
export async function runTurn(
  clients: RedisClients,
  keys: Keys,
  lanes: RedisLanes<QueuedEmbed>,
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
