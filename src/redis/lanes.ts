/**
 * Lane contents on Redis: per lane a list of job ids (order) and a hash of job bodies, plus a set of non-empty
 * lanes. Push checks the cap and appends in one script, so a delivery is queued whole or not at all.
 */
import type { Redis } from "ioredis";
import type { Keys } from "./keys.js";
import { lua, runScript } from "./script.js";

/**
 * KEYS: queue, jobs, non-empty set, kick, [record, [idempotency key]]. ARGV: capacity, lane id, n, delivery id,
 * n pairs (job id, job JSON), [record TTL, record fields...]. A key whose delivery's record still exists answers
 * that delivery's id and stores nothing; else the key is (re)pointed at this delivery, for as long as its record.
 */
const PUSH = lua(`
local n = tonumber(ARGV[3])
if KEYS[6] then
  local prior = redis.call('GET', KEYS[6])
  if prior and redis.call('EXISTS', string.sub(KEYS[5], 1, #KEYS[5] - #ARGV[4]) .. prior) == 1 then return prior end
end
local before = redis.call('LLEN', KEYS[1])
if before + n > tonumber(ARGV[1]) then return 0 end
-- Priority (the rule of src/delivery/priority.ts): an urgent delivery goes in before the first waiting job after
-- the last one that is urgent or of its own problem; anything else at the end.
local pivot = false
if n > 0 and before > 0 then
  local job = cjson.decode(ARGV[6])
  if job.urgent == true then
    local ids = redis.call('LRANGE', KEYS[1], 0, -1)
    local at = 0
    for i = #ids, 1, -1 do
      local body = redis.call('HGET', KEYS[2], ids[i])
      if body then
        local w = cjson.decode(body)
        if w.urgent == true or (job.problem ~= nil and w.problem == job.problem) then
          at = i
          break
        end
      end
    end
    if at < #ids then pivot = ids[at + 1] end
  end
end
for i = 1, n do
  if pivot then
    redis.call('LINSERT', KEYS[1], 'BEFORE', pivot, ARGV[3 + 2 * i])
  else
    redis.call('RPUSH', KEYS[1], ARGV[3 + 2 * i])
  end
  redis.call('HSET', KEYS[2], ARGV[3 + 2 * i], ARGV[4 + 2 * i])
end
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('SET', KEYS[4], '1', 'PX', 600000)
if KEYS[5] then
  local at = 5 + 2 * n
  local fields = {}
  for i = at + 1, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('HSET', KEYS[5], unpack(fields))
  redis.call('PEXPIRE', KEYS[5], tonumber(ARGV[at]))
  if KEYS[6] then redis.call('SET', KEYS[6], ARGV[4], 'PX', tonumber(ARGV[at])) end
end
if before == 0 then return 1 end
return 2
`);

const PEEK = lua(`
local ids = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #ids == 0 then return {} end
local bodies = redis.call('HMGET', KEYS[2], unpack(ids))
local out = {}
for i = 1, #ids do
  if bodies[i] then out[#out + 1] = bodies[i] end
end
return out
`);

const REMOVE = lua(`
for i = 2, #ARGV do
  redis.call('LREM', KEYS[1], 1, ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
end
local left = redis.call('LLEN', KEYS[1])
if left == 0 then
  redis.call('DEL', KEYS[2])
  redis.call('SREM', KEYS[3], ARGV[1])
end
return left
`);

const DRAIN = lua(`
local ids = redis.call('LRANGE', KEYS[1], 0, -1)
local out = {}
if #ids > 0 then
  local bodies = redis.call('HMGET', KEYS[2], unpack(ids))
  for i = 1, #ids do
    if bodies[i] then out[#out + 1] = bodies[i] end
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return out
`);

/** A hash written in the same script as a push (the delivery's record), only when the push succeeds. */
export interface PushRecord {
  /** `keys.delivery(deliveryId)`. */
  key: string;
  deliveryId: string;
  ttlMs: number;
  fields: Readonly<Record<string, string | number>>;
  /** `keys.idempotency(...)` of the call's key on this lane: a push whose key names a known delivery stores nothing. */
  idempotencyKey?: string | undefined;
}

/** Lane contents. Jobs are plain JSON with a unique `id`. */
export interface RedisLanes<T extends { id: string }> {
  /**
   * Appends `jobs` when the lane then holds at most `capacity`; else stores nothing and gives `false`. `"first"`:
   * the lane was empty (it needs a wake-up); `"behind"`: jobs were already waiting, so a lane job exists, or the
   * kick flag set here makes the finishing turn wake the lane again. `{ duplicateOf }`: the record's idempotency key
   * already names a delivery Redis still knows; nothing was stored.
   */
  push(laneId: string, jobs: readonly T[], capacity: number, record?: PushRecord): Promise<false | "first" | "behind" | { duplicateOf: string }>;
  /** The first `limit` jobs, oldest first. */
  peek(laneId: string, limit: number): Promise<T[]>;
  /** Removes settled jobs; gives how many remain. */
  remove(laneId: string, ids: readonly string[]): Promise<number>;
  /** Removes and returns every job of the lane. */
  drain(laneId: string): Promise<T[]>;
  size(laneId: string): Promise<number>;
  /** Lanes that hold jobs. */
  lanes(): Promise<string[]>;
}

/** Lane contents under `keys`. */
export function redisLanes<T extends { id: string }>(client: Redis, keys: Keys): RedisLanes<T> {
  const laneKeys = (laneId: string): string[] => [keys.queue(laneId), keys.jobs(laneId), keys.nonEmpty];
  const parse = (raw: unknown): T[] => (Array.isArray(raw) ? raw.map((s) => JSON.parse(String(s)) as T) : []);
  return {
    async push(laneId, jobs, capacity, record) {
      if (jobs.length === 0) return "behind";
      const args: (string | number)[] = [capacity, laneId, jobs.length, record?.deliveryId ?? ""];
      for (const job of jobs) args.push(job.id, JSON.stringify(job));
      const keyList = [...laneKeys(laneId), keys.kick(laneId)];
      if (record) {
        keyList.push(record.key);
        if (record.idempotencyKey !== undefined) keyList.push(record.idempotencyKey);
        args.push(record.ttlMs, ...Object.entries(record.fields).flat());
      }
      const answer = await runScript(client, PUSH, keyList, args);
      if (typeof answer === "string") return { duplicateOf: answer };
      const code = Number(answer);
      return code === 0 ? false : code === 1 ? "first" : "behind";
    },
    async peek(laneId, limit) {
      return parse(await runScript(client, PEEK, laneKeys(laneId), [limit]));
    },
    async remove(laneId, ids) {
      return Number(await runScript(client, REMOVE, laneKeys(laneId), [laneId, ...ids]));
    },
    async drain(laneId) {
      return parse(await runScript(client, DRAIN, laneKeys(laneId), [laneId]));
    },
    size: (laneId) => client.llen(keys.queue(laneId)),
    lanes: () => client.smembers(keys.nonEmpty),
  };
}
