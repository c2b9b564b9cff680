/**
 * The Lua side of the shared budgets. Every script reads the clock from Redis (TIME), so processes on different
 * machines agree on one clock. Keys (under `<prefix>:rl`), all expiring:
 * - `b:<webhookId>:<hash>` bucket (limit, remaining, resetAt, sent, applied); `bn:<webhookId>` the hash last reported;
 * - `ch:<laneId>` the lane's Discord channel; `cw:<channelId>` its message window (zset); `cl:<channelId>` its learned limit;
 * - `g:<egress>` requests per egress IP (zset: in flight = now + inflightMs, answered = answer time);
 * - `blk:g:<egress>`, `blk:l:<laneId>`, `blk:c:<channelId>` blocks set by 429s (PX keys);
 * - `inv:<egress>:<minute>` invalid answers (401/403/429) per minute.
 */
import { lua } from "./script.js";

const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local P = ARGV[1]
local function pttl(k) local v = redis.call('PTTL', k) if v > 0 then return v end return 0 end
local function num(v, d) if v == false or v == nil then return d end return tonumber(v) end
`;

/** Time until the `limit`-th newest entry of a window leaves it; in-flight entries (future scores) re-check soon. */
const WINDOW_WAIT = `
local function windowWait(zk, limit, win, margin)
  redis.call('ZREMRANGEBYSCORE', zk, '-inf', now - win)
  local count = redis.call('ZCARD', zk)
  if count < limit then return 0 end
  local e = redis.call('ZRANGE', zk, count - limit, count - limit, 'WITHSCORES')
  local at = tonumber(e[2])
  if at > now then return math.max(1, math.floor(win / 20)) end
  return math.max(0, at + win - now) + margin
end
`;

/**
 * ARGV: prefix, laneId, webhookId, egress, globalLimit, globalWindowMs, channelLimit (0 = learn), channelWindowMs,
 * marginMs, inflightMs, reservationId. Returns `{ waitMs }` or `{ 0, bucketHash, seq, channelId }`.
 */
export const ACQUIRE = lua(`${PRELUDE}${WINDOW_WAIT}
local lane, wid, eg = ARGV[2], ARGV[3], ARGV[4]
local glimit, gwin = tonumber(ARGV[5]), tonumber(ARGV[6])
local cdefault, cwin, margin, inflight, rid = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11]
local wait = math.max(pttl(P .. ':blk:g:' .. eg), pttl(P .. ':blk:l:' .. lane))
local ch = redis.call('GET', P .. ':ch:' .. lane)
local climit = 0
if ch then
  wait = math.max(wait, pttl(P .. ':blk:c:' .. ch))
  climit = num(redis.call('GET', P .. ':cl:' .. ch), cdefault)
  if climit > 0 then wait = math.max(wait, windowWait(P .. ':cw:' .. ch, climit, cwin, margin)) end
end
local hash = redis.call('GET', P .. ':bn:' .. wid) or '_'
local bk = P .. ':b:' .. wid .. ':' .. hash
local b = redis.call('HMGET', bk, 'limit', 'remaining', 'resetAt')
local limit, remaining, resetAt = num(b[1], 0), num(b[2], 1), num(b[3], 0)
if resetAt ~= 0 and now >= resetAt then
  remaining = limit > 0 and limit or 1
  resetAt = 0
  redis.call('HSET', bk, 'remaining', remaining, 'resetAt', 0)
end
if remaining <= 0 then
  if resetAt == 0 then wait = math.max(wait, math.max(1, margin)) else wait = math.max(wait, resetAt + margin - now) end
end
if glimit > 0 then wait = math.max(wait, windowWait(P .. ':g:' .. eg, glimit, gwin, margin)) end
if wait > 0 then return { wait } end
redis.call('HINCRBY', bk, 'remaining', -1)
local seq = redis.call('HINCRBY', bk, 'sent', 1)
redis.call('PEXPIRE', bk, 600000)
if glimit > 0 then
  redis.call('ZADD', P .. ':g:' .. eg, now + inflight, rid)
  redis.call('PEXPIRE', P .. ':g:' .. eg, gwin + inflight + 1000)
end
if ch then
  redis.call('ZADD', P .. ':cw:' .. ch, now + inflight, rid)
  redis.call('PEXPIRE', P .. ':cw:' .. ch, cwin + inflight + 1000)
end
return { 0, hash, seq, ch or '' }
`);

/**
 * ARGV: prefix, laneId, webhookId, egress, reservationId, reservedHash, seq, reservedChannel, status (0 = none),
 * answerChannel, bucketHash, remaining, limit, resetAfterMs, invalid (1/0). Returns invalid answers in the last 10 min.
 */
export const SETTLE = lua(`${PRELUDE}
local lane, wid, eg, rid = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local rhash, seq, rch, status = ARGV[6], tonumber(ARGV[7]), ARGV[8], tonumber(ARGV[9])
local ach, hash, rem = ARGV[10], ARGV[11], ARGV[12]
if redis.call('ZSCORE', P .. ':g:' .. eg, rid) then redis.call('ZADD', P .. ':g:' .. eg, 'XX', now, rid) end
if rch ~= '' then
  if status == 429 then redis.call('ZREM', P .. ':cw:' .. rch, rid)
  elseif redis.call('ZSCORE', P .. ':cw:' .. rch, rid) then redis.call('ZADD', P .. ':cw:' .. rch, 'XX', now, rid) end
end
if ach ~= '' then redis.call('SET', P .. ':ch:' .. lane, ach, 'PX', 86400000) end
local rk = P .. ':b:' .. wid .. ':' .. rhash
if hash == '' or rem == '' then
  if num(redis.call('HGET', rk, 'resetAt'), 0) == 0 then redis.call('HINCRBY', rk, 'remaining', 1) end
else
  local bk = P .. ':b:' .. wid .. ':' .. hash
  if bk ~= rk then
    redis.call('SET', P .. ':bn:' .. wid, hash, 'PX', 86400000)
    seq = redis.call('HINCRBY', bk, 'sent', 1)
  end
  local sent, applied = num(redis.call('HGET', bk, 'sent'), 0), num(redis.call('HGET', bk, 'applied'), 0)
  if seq >= applied then
    redis.call('HSET', bk, 'applied', seq, 'remaining', tonumber(rem) - (sent - seq))
    if ARGV[13] ~= '' then redis.call('HSET', bk, 'limit', tonumber(ARGV[13])) end
    if ARGV[14] ~= '' then redis.call('HSET', bk, 'resetAt', now + tonumber(ARGV[14])) end
  end
  redis.call('PEXPIRE', bk, 600000)
end
local minute = math.floor(now / 60000)
if ARGV[15] == '1' then
  redis.call('INCR', P .. ':inv:' .. eg .. ':' .. minute)
  redis.call('PEXPIRE', P .. ':inv:' .. eg .. ':' .. minute, 660000)
end
local total = 0
for m = minute - 9, minute do total = total + num(redis.call('GET', P .. ':inv:' .. eg .. ':' .. m), 0) end
return total
`);

/** ARGV: prefix, laneId, webhookId, egress, scope, retryAfterMs, marginMs. */
export const BLOCK = lua(`${PRELUDE}
local lane, wid, eg, scope = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local ms = tonumber(ARGV[6]) + tonumber(ARGV[7])
local function later(k) if pttl(k) < ms then redis.call('SET', k, '1', 'PX', ms) end end
if scope == 'global' then later(P .. ':blk:g:' .. eg) return 1 end
later(P .. ':blk:l:' .. lane)
local ch = redis.call('GET', P .. ':ch:' .. lane)
if scope == 'shared' and ch then
  later(P .. ':blk:c:' .. ch)
  local zk = P .. ':cw:' .. ch
  local got = redis.call('ZCOUNT', zk, '-inf', now)
  local known = num(redis.call('GET', P .. ':cl:' .. ch), 0)
  local learned = math.max(1, got)
  if known > 0 then learned = math.min(known, learned) end
  redis.call('SET', P .. ':cl:' .. ch, learned, 'PX', 86400000)
end
local hash = redis.call('GET', P .. ':bn:' .. wid) or '_'
local bk = P .. ':b:' .. wid .. ':' .. hash
local resetAt = math.max(num(redis.call('HGET', bk, 'resetAt'), 0), now + tonumber(ARGV[6]))
redis.call('HSET', bk, 'remaining', 0, 'resetAt', resetAt)
redis.call('PEXPIRE', bk, 600000)
return 1
`);
