/**
 * Delivery outcomes in Redis: one hash per delivery (opened by the push that queued it), settled by whichever
 * process sends it, kept for `ttlMs` after settling, and announced on the pub/sub channel of the process that
 * queued it, so the caller awaiting the result resolves wherever the message went out. A slow poll covers an
 * announcement lost while the subscriber reconnected.
 */
import type { Redis } from "ioredis";
import type { DeliveryOutcome, SettledEmbeds } from "../delivery/state.js";
import { errorFromJson, errorToJson, type ErrorJson } from "./codec.js";
import type { Keys } from "./keys.js";
import { lua, runScript } from "./script.js";

/**
 * ARGV: settled count, attempts, last status (0 = none), message id or '', status, ttlMs, delivery id, error JSON or ''.
 * Attempts keep the most of any part; the first failure's error is kept. Returns the outcome JSON when settled.
 */
const SETTLE = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'done') == '1' then return '' end
local open = redis.call('HINCRBY', KEYS[1], 'open', -tonumber(ARGV[1]))
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0')
if tonumber(ARGV[2]) > attempts then redis.call('HSET', KEYS[1], 'attempts', ARGV[2]) end
if ARGV[3] ~= '0' then redis.call('HSET', KEYS[1], 'lastStatus', ARGV[3]) end
if ARGV[4] ~= '' then
  local ids = redis.call('HGET', KEYS[1], 'messageIds') or ''
  local seen = false
  for id in string.gmatch(ids, '[^,]+') do if id == ARGV[4] then seen = true end end
  if not seen then redis.call('HSET', KEYS[1], 'messageIds', ids == '' and ARGV[4] or (ids .. ',' .. ARGV[4])) end
end
if ARGV[5] == 'failed' then
  redis.call('HSET', KEYS[1], 'status', 'failed')
  if ARGV[8] ~= '' then redis.call('HSETNX', KEYS[1], 'error', ARGV[8]) end
end
if open > 0 then return '' end
redis.call('HSET', KEYS[1], 'done', '1')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
local h = redis.call('HMGET', KEYS[1], 'origin', 'status', 'messageIds', 'attempts', 'lastStatus', 'error')
local out = cjson.encode({ id = ARGV[7], status = h[2], messageIds = h[3] or '', attempts = h[4] or '0', lastStatus = h[5] or '', error = h[6] or '' })
redis.call('PUBLISH', KEYS[2] .. h[1], out)
return out
`);

/** How often waits are checked against Redis in case an announcement was missed. */
const POLL_MS = 2000;

/** The outcome book of one process (`origin`). */
export interface RedisOutcomes {
  /** Fields of a new delivery's record, written by the push that queues its embeds. */
  record(deliveryId: string, embeds: number): { key: string; ttlMs: number; fields: Record<string, string | number> };
  settle(parts: readonly SettledEmbeds[]): Promise<void>;
  /** Resolves once the delivery settled, in any process. Rejects for a delivery Redis does not know. */
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
  const channel = keys.announce(origin);
  let subscribed: Promise<unknown> | undefined;
  let poller: ReturnType<typeof setInterval> | undefined;

  const resolveWith = (id: string, outcome: DeliveryOutcome): void => {
    const list = waiters.get(id);
    if (!list) return;
    waiters.delete(id);
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
  const poll = async (): Promise<void> => {
    for (const id of [...waiters.keys()]) {
      const done = await readDone(id).catch(() => undefined);
      if (done) resolveWith(id, done);
    }
  };

  return {
    record(deliveryId, embeds) {
      // An open record outlives any wait a queued embed can see; settling shortens it to ttlMs.
      return { key: keys.delivery(deliveryId), ttlMs: Math.max(ttlMs, 7 * 86_400_000), fields: { open: embeds, origin, done: 0, status: "delivered", attempts: 0 } };
    },
    async settle(parts) {
      await Promise.all(
        parts.map((p) => {
          const error = p.status === "failed" && p.error ? JSON.stringify(errorToJson(p.error)) : "";
          const args = [p.jobIds.length, p.attempts, p.lastStatus ?? 0, p.messageId ?? "", p.status, ttlMs, p.deliveryId, error];
          return runScript(client, SETTLE, [keys.delivery(p.deliveryId), `${keys.prefix}:done:`], args);
        }),
      );
    },
    async wait(deliveryId) {
      subscribed ??= subscriber.subscribe(channel).catch((error: unknown) => {
        // Try again on the next wait instead of keeping a failed subscription for good.
        subscribed = undefined;
        throw error;
      });
      await subscribed;
      const settled = new Promise<DeliveryOutcome>((resolve) => {
        waiters.set(deliveryId, [...(waiters.get(deliveryId) ?? []), resolve]);
      });
      poller ??= setInterval(() => void poll(), POLL_MS);
      poller.unref();
      const done = await readDone(deliveryId);
      if (done === null) {
        resolveWith(deliveryId, { status: "failed", messageIds: [], attempts: 0 });
        throw new Error(`[discord-webhook-dispatcher] [redis] unknown delivery ${deliveryId} (expired or never queued)`);
      }
      if (done) resolveWith(deliveryId, done);
      return settled;
    },
    async release(outcome) {
      for (const id of [...waiters.keys()]) resolveWith(id, outcome);
      if (subscribed) await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
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
