/**
 * Queuing one delivery on Redis: one script appends its jobs, opens its record and, with an idempotency key, queues
 * a key once per lane. A push that fails says whether the delivery may have been queued all the same.
 */
import { createHash } from "node:crypto";
import type { QueuedEmbed } from "../delivery/state.js";
import { StoreError } from "../errors.js";
import { redisError, type RedisClients } from "./connection.js";
import type { Keys } from "./keys.js";
import type { RedisLanes } from "./lanes.js";
import type { RedisOutcomes } from "./outcomes.js";

/** What a push needs. `wake` makes sure a lane job exists for the lane. */
export interface PushDeps {
  clients: RedisClients;
  keys: Keys;
  lanes: RedisLanes<QueuedEmbed>;
  outcomes: RedisOutcomes;
  wake(laneId: string): Promise<void>;
}

/**
 * Pushes one delivery's jobs (the port's `push`). Rejects with a `StoreError`: code `STORE` when nothing reached
 * Redis or Redis refused the script (the delivery was not queued), `ENQUEUE_UNCERTAIN` when the script was sent but
 * no answer came (a paused or lost server may still run it, and its delivery would then be sent).
 */
export async function pushDelivery(deps: PushDeps, laneId: string, jobs: readonly QueuedEmbed[], capacity: number, idempotencyKey?: string): Promise<boolean | { duplicateOf: string }> {
  const { clients, keys, lanes, outcomes } = deps;
  try {
    await clients.ready();
  } catch (error) {
    throw redisError("push", error);
  }
  const first = jobs[0];
  const record = first && { ...outcomes.record(first.deliveryId, jobs.length), idempotencyKey: idempotencyKey === undefined ? undefined : keys.idempotency(digest(laneId, idempotencyKey)) };
  // Without an offline queue, ioredis refuses a command at once, unsent, unless the client is ready: only a command
  // that went out can have been run without an answer coming back.
  const sent = clients.command.status === "ready";
  let pushed: Awaited<ReturnType<typeof lanes.push>>;
  try {
    pushed = await lanes.push(laneId, jobs, capacity, record);
  } catch (error) {
    // Unsent, or answered with an error (the script refused before writing): not queued.
    if (!sent || (error instanceof Error && error.name === "ReplyError")) throw redisError("push", error);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError("redis", `push got no answer (${reason}): the delivery may have been queued and may still be sent; retry the call with the same idempotencyKey`, { code: "ENQUEUE_UNCERTAIN", cause: error });
  }
  if (typeof pushed === "object") return pushed;
  // Durably queued now: a failed wake-up must not report the delivery as lost (a caller would send it again);
  // the reconciler of any worker adds the lane job within leaseMs. Behind other jobs, no wake-up is needed.
  if (pushed === "first") await deps.wake(laneId).catch(() => undefined);
  return pushed !== false;
}

/** The caller's key never goes to Redis as such: a digest of the lane and the key, bounded in length. */
function digest(laneId: string, key: string): string {
  return createHash("sha256").update(laneId).update("\n").update(key).digest("base64url");
}
