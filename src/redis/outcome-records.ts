/**
 * A delivery's outcome record in Redis (one hash per delivery, opened by the push that queued it): how parts are
 * settled into it by one Lua script (each job counts once; the settling process announces the outcome on the pub/sub
 * channel of the process that queued it), and how it is read back. The waits on these records are in outcomes.ts.
 */
import type { Redis } from "ioredis";
import type { CompletedDelivery, DeliveryOutcome, SettledEmbeds } from "../delivery/state.js";
import { errorFromJson, errorToJson, type ErrorJson } from "./codec.js";
import type { Keys } from "./keys.js";
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

/** A settled record as the script announces it (every field a string, as Redis keeps it). */
export interface OutcomeJson {
  id: string;
  status: string;
  messageIds: string;
  attempts: string;
  lastStatus: string;
  error: string;
}

/**
 * Settles `parts` into their deliveries' records, each kept for `ttlMs` once settled; safe to run again after a write
 * that got no answer (each job counts once). Gives the deliveries this call completed.
 */
export async function settleOutcomes(client: Redis, keys: Keys, ttlMs: number, parts: readonly SettledEmbeds[]): Promise<CompletedDelivery[]> {
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
}

/** Reads delivery `id`'s record: its outcome once settled, `undefined` while open, `null` when the record is gone. Rejects when Redis does not answer. */
export async function readOutcome(client: Redis, keys: Keys, id: string): Promise<DeliveryOutcome | null | undefined> {
  const h = await client.hmget(keys.delivery(id), "done", "status", "messageIds", "attempts", "lastStatus", "error");
  if (h[0] === null) return null;
  if (h[0] !== "1") return undefined;
  return toOutcome({ id, status: h[1] ?? "failed", messageIds: h[2] ?? "", attempts: h[3] ?? "0", lastStatus: h[4] ?? "", error: h[5] ?? "" });
}

/** The outcome an announced or read record says. */
export function toOutcome(json: OutcomeJson): DeliveryOutcome {
  const outcome: DeliveryOutcome = {
    status: json.status === "failed" ? "failed" : "delivered",
    messageIds: json.messageIds === "" ? [] : json.messageIds.split(","),
    attempts: Number(json.attempts),
  };
  if (json.lastStatus !== "") outcome.lastStatus = Number(json.lastStatus);
  if (json.error !== "") outcome.error = errorFromJson(JSON.parse(json.error) as ErrorJson);
  return outcome;
}
