/**
 * The incident-state port on Redis: one string per problem (`{prefix}:inc:{webhook}:{key}`, JSON, expiring
 * `ttlMs` after its last write) written by a compare-and-set script, and one expiring string per silence plus a set
 * of silence ids. Shared by every process of a prefix. Holds store ids, keys and message ids: never a URL or token.
 */
import type { Redis } from "ioredis";
import type { IncidentRecord, IncidentState, Silence } from "../incidents/types.js";
import { lua, runScript } from "./script.js";

/** Writes ARGV[2] with a time to live of ARGV[3] ms when the stored version is ARGV[1] ("" = nothing stored). */
const COMPARE_AND_SET = lua(`
local current = redis.call('GET', KEYS[1])
local expected = ARGV[1]
if current then
  if expected == '' or cjson.decode(current).version ~= tonumber(expected) then return 0 end
elseif expected ~= '' then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

/**
 * The incident state of `redisQueue()` (its `incidents`). `call` wraps each command as the queue's own calls are
 * (waits for the first connect, turns Redis failures into a `StoreError`).
 */
export function redisIncidentState(client: Redis, prefix: string, call: <T>(what: string, fn: () => Promise<T>) => Promise<T>): IncidentState {
  const problem = (webhookId: string, key: string): string => `${prefix}:inc:${encodeURIComponent(webhookId)}:${encodeURIComponent(key)}`;
  const silenceKey = (id: string): string => `${prefix}:sil:${encodeURIComponent(id)}`;
  const silenceIds = `${prefix}:sils`;

  return {
    get: (webhookId, key) =>
      call("incident get", async () => {
        const raw = await client.get(problem(webhookId, key));
        return raw === null ? undefined : (JSON.parse(raw) as IncidentRecord);
      }),
    put: (webhookId, key, record, expected, ttlMs) =>
      call("incident put", async () => (await runScript(client, COMPARE_AND_SET, [problem(webhookId, key)], [expected === undefined ? "" : String(expected), JSON.stringify(record), String(Math.max(1, Math.ceil(ttlMs)))])) === 1),
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
