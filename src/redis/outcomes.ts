/**
 * Delivery outcomes in Redis: one hash per delivery (opened by the push that queued it), settled by whichever
 * process sends it, kept for `ttlMs` after settling, and announced on the pub/sub channel of the process that
 * queued it, so the caller awaiting the result resolves wherever the message went out. A slow poll covers an
 * announcement lost while the subscriber reconnected, and ends a wait whose record is gone (flushed, evicted, or
 * Redis restarted without persistence) with a `LOST` outcome instead of waiting forever.
 */
import type { Redis } from "ioredis";
import type { CompletedDelivery, DeliveryOutcome, SettledEmbeds } from "../delivery/state.js";
import { StoreError } from "../errors.js";
import { errorFromJson, errorToJson, type ErrorJson } from "./codec.js";
import type { Keys } from "./keys.js";
import type { PushRecord } from "./lanes.js";
import { lua, runScript } from "./script.js";

/**
 * ARGV: attempts, last status (0 = none), message id or '', status, ttlMs, delivery id, error JSON or '', job ids...
 * Each job counts once (a field `s:<job id>`), so a retried write that was applied already changes nothing.
 * Attempts keep the most of any part; the first failure's error is kept. Returns the outcome JSON when settled.
 */
const SETTLE = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'done') == '1' then return '' end
local fresh = 0
for i = 8, #ARGV do fresh = fresh + redis.call('HSETNX', KEYS[1], 's:' .. ARGV[i], '1') end
if fresh == 0 then return '' end
local open = redis.call('HINCRBY', KEYS[1], 'open', -fresh)
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0')
if tonumber(ARGV[1]) > attempts then redis.call('HSET', KEYS[1], 'attempts', ARGV[1]) end
if ARGV[2] ~= '0' then redis.call('HSET', KEYS[1], 'lastStatus', ARGV[2]) end
if ARGV[3] ~= '' then
  local ids = redis.call('HGET', KEYS[1], 'messageIds') or ''
  local seen = false
  for id in string.gmatch(ids, '[^,]+') do if id == ARGV[3] then seen = true end end
  if not seen then redis.call('HSET', KEYS[1], 'messageIds', ids == '' and ARGV[3] or (ids .. ',' .. ARGV[3])) end
end
if ARGV[4] == 'failed' then
  redis.call('HSET', KEYS[1], 'status', 'failed')
  if ARGV[7] ~= '' then redis.call('HSETNX', KEYS[1], 'error', ARGV[7]) end
end
if open > 0 then return '' end
redis.call('HSET', KEYS[1], 'done', '1')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
local h = redis.call('HMGET', KEYS[1], 'origin', 'status', 'messageIds', 'attempts', 'lastStatus', 'error')
local out = cjson.encode({ id = ARGV[6], status = h[2], messageIds = h[3] or '', attempts = h[4] or '0', lastStatus = h[5] or '', error = h[6] or '' })
redis.call('PUBLISH', KEYS[2] .. h[1], out)
return out
`);

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

interface OutcomeJson {
  id: string;
  status: string;
  messageIds: string;
  attempts: string;
  lastStatus: string;
  error: string;
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
  const readDone = async (id: string): Promise<DeliveryOutcome | null | undefined> => {
    const h = await client.hmget(keys.delivery(id), "done", "status", "messageIds", "attempts", "lastStatus", "error");
    if (h[0] === null) return null;
    if (h[0] !== "1") return undefined;
    return toOutcome({ id, status: h[1] ?? "failed", messageIds: h[2] ?? "", attempts: h[3] ?? "0", lastStatus: h[4] ?? "", error: h[5] ?? "" });
  };
  /** Reads a wait's record once; a failed read (Redis away) changes nothing: the next poll reads again. */
  const check = async (id: string): Promise<void> => {
    const done = await readDone(id).catch(() => undefined);
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
    async settle(parts) {
      const answers = await Promise.all(
        parts.map((p) => {
          const error = p.status === "failed" && p.error ? JSON.stringify(errorToJson(p.error)) : "";
          const args = [p.attempts, p.lastStatus ?? 0, p.messageId ?? "", p.status, ttlMs, p.deliveryId, error, ...p.jobIds];
          return runScript(client, SETTLE, [keys.delivery(p.deliveryId), `${keys.prefix}:done:`], args);
        }),
      );
      return answers.flatMap((answer, i) => {
        const part = parts[i];
        if (typeof answer !== "string" || answer === "" || !part) return [];
        return [{ deliveryId: part.deliveryId, outcome: toOutcome(JSON.parse(answer) as OutcomeJson) }];
      });
    },
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

function toOutcome(json: OutcomeJson): DeliveryOutcome {
  const outcome: DeliveryOutcome = {
    status: json.status === "failed" ? "failed" : "delivered",
    messageIds: json.messageIds === "" ? [] : json.messageIds.split(","),
    attempts: Number(json.attempts),
  };
  if (json.lastStatus !== "") outcome.lastStatus = Number(json.lastStatus);
  if (json.error !== "") outcome.error = errorFromJson(JSON.parse(json.error) as ErrorJson);
  return outcome;
}
