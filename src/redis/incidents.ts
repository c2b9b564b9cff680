/**
 * The incident-state port on Redis: one string per problem (`{prefix}:inc:{webhook}:{key}`, JSON, expiring
 * `ttlMs` after its last write) written by a compare-and-set script, and one expiring string per silence plus a set
 * of silence ids. Shared by every process of a prefix. Holds store ids, keys and message ids: never a URL or token.
 */
import type { Redis } from "ioredis";
import type { IncidentRecord, Silence } from "../incidents/types.js";
import type { IncidentState } from "../incidents/port.js";
import { lua, runScript } from "./script.js";

/**
 * Writes ARGV[2] with a time to live of ARGV[3] ms when the stored version is ARGV[1] ("" = nothing stored), and
 * files the problem (member ARGV[4]) in the sorted set of reminders KEYS[2] under its `remindAt` (ARGV[5]; "" =
 * none: taken out).
 */
const COMPARE_AND_SET = lua(`
local current = redis.call('GET', KEYS[1])
local expected = ARGV[1]
if current then
  if expected == '' or cjson.decode(current).version ~= tonumber(expected) then return 0 end
elseif expected ~= '' then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if ARGV[5] == '' then redis.call('ZREM', KEYS[2], ARGV[4]) else redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4]) end
return 1
`);

/**
 * Up to ARGV[2] members of the reminders KEYS[1] due at ARGV[1], earliest first; a member whose problem expired (its
 * key, ARGV[3] followed by the member's third part, is gone) is taken out of the set on the way.
 */
const DUE = lua(`
local out = {}
local limit = tonumber(ARGV[2])
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit * 2)
for _, member in ipairs(members) do
  if #out >= limit then break end
  local ids = cjson.decode(member)
  if redis.call('EXISTS', ARGV[3] .. ids[3]) == 1 then table.insert(out, member) else redis.call('ZREM', KEYS[1], member) end
end
return out
`);

/**
 * The incident state of `redisQueue()` (its `incidents`). `call` wraps each command as the queue's own calls are
 * (waits for the first connect, turns Redis failures into a `StoreError`).
 */
export function redisIncidentState(client: Redis, prefix: string, call: <T>(what: string, fn: () => Promise<T>) => Promise<T>): IncidentState {
  const problemTail = (webhookId: string, key: string): string => `${encodeURIComponent(webhookId)}:${encodeURIComponent(key)}`;
  const problem = (webhookId: string, key: string): string => `${prefix}:inc:${problemTail(webhookId, key)}`;
  /** Open problems by when their reminder is due; a member is JSON [webhookId, key, key tail]. */
  const reminders = `${prefix}:inc-due`;
  const silenceKey = (id: string): string => `${prefix}:sil:${encodeURIComponent(id)}`;
  const silenceIds = `${prefix}:sils`;

  return {
    get: (webhookId, key) =>
      call("incident get", async () => {
        const raw = await client.get(problem(webhookId, key));
        return raw === null ? undefined : (JSON.parse(raw) as IncidentRecord);
      }),
    put: (webhookId, key, record, expected, ttlMs) =>
      call("incident put", async () => {
        const member = JSON.stringify([webhookId, key, problemTail(webhookId, key)]);
        const args = [expected === undefined ? "" : String(expected), JSON.stringify(record), String(Math.max(1, Math.ceil(ttlMs))), member, record.remindAt === undefined ? "" : String(record.remindAt)];
        return (await runScript(client, COMPARE_AND_SET, [problem(webhookId, key), reminders], args)) === 1;
      }),
    due: (before, limit) =>
      call("incident due", async () => {
        const members = (await runScript(client, DUE, [reminders], [String(before), String(limit), `${prefix}:inc:`])) as string[];
        return members.map((m) => {
          const [webhookId, key] = JSON.parse(m) as [string, string];
          return { webhookId, key };
        });
      }),
    addSilence: (silence) =>
      call("addSilence", async () => {
        const ttl = silence.endsAt - Date.now();
        if (ttl <= 0) return;
        await client.multi().set(silenceKey(silence.id), JSON.stringify(silence), "PX", Math.ceil(ttl)).sadd(silenceIds, silence.id).exec();
      }),
    removeSilence: (id) =>
      call("removeSilence", async () => {
        const [deleted] = (await client.multi().del(silenceKey(id)).srem(silenceIds, id).exec()) ?? [];
        return deleted?.[1] === 1;
      }),
    silences: () =>
      call("silences", async () => {
        const ids = await client.smembers(silenceIds);
        if (ids.length === 0) return [];
        const raws = await client.mget(ids.map(silenceKey));
        // Ids whose silence expired are dropped from the set here (Redis expired the silence itself).
        const ended = ids.filter((_, i) => raws[i] === null);
        if (ended.length > 0) await client.srem(silenceIds, ...ended);
        const now = Date.now();
        return raws
          .flatMap((raw) => (raw === null ? [] : [JSON.parse(raw) as Silence]))
          .filter((s) => now < s.endsAt)
          .sort((a, b) => a.createdAt - b.createdAt);
      }),
  };
}
