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
 * Keeps reminder member ARGV[1] of the set KEYS[1] while its problem KEYS[2] is open (1), else takes it out (0). One
 * script, so a problem put again between the check and the removal keeps its reminder; every key it touches is
 * declared (as Redis asks of scripts, and a cluster needs).
 */
const KEEP_IF_OPEN = lua(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
redis.call('ZREM', KEYS[1], ARGV[1])
return 0
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
        // Twice the limit read, so that members of expired problems (taken out on the way) do not starve the batch.
        const members = await client.zrangebyscore(reminders, "-inf", String(before), "LIMIT", 0, limit * 2);
        const parsed = members.map((m) => JSON.parse(m) as [string, string, string]);
        const open = await Promise.all(members.map((m, i) => runScript(client, KEEP_IF_OPEN, [reminders, `${prefix}:inc:${parsed[i]?.[2] ?? ""}`], [m])));
        return parsed.filter((_, i) => open[i] === 1).slice(0, limit).map(([webhookId, key]) => ({ webhookId, key }));
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
