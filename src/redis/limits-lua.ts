/**
 * The Lua side of the shared budgets (the rate-limit part of the state port, as memory-limits.ts does it in
 * process). Every script reads the clock from Redis (TIME), so processes on different machines agree on one clock.
 * Keys under `<prefix>:rl:`, all expiring:
 * - `h:<method>:<webhookId>` the bucket hash Discord reported; `b:<hash>:<webhookId>` (or `b:?<method>:<webhookId>`
 *   before a hash is known) the bucket: limit, remaining, resetAt, guessed, sent, applied;
 * - `ch:<webhookId>` the webhook's channel; `cw:<channelId>` its message window (zset); `cl:<channelId>` its learned limit;
 * - `g:<egress>` requests per egress (zset; in flight = now + ttl, answered = answer time);
 * - `blk:g:<egress>`, `blk:c:<channelId>` blocks set by 429s (PX keys); `t:<ticket>` a ticket in flight;
 * - `inv:<egress>:<minute>` invalid answers (401/403/429 not `shared`) per minute.
 */
import { lua } from "./script.js";

const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local P = ARGV[1]
local function pttl(k) local v = redis.call('PTTL', k) if v > 0 then return v end return 0 end
local function num(v, d) if v == false or v == nil or v == '' then return d end return tonumber(v) end
local function bucketKey(method, wid)
  local hash = redis.call('GET', P .. 'h:' .. method .. ':' .. wid)
  if hash then return P .. 'b:' .. hash .. ':' .. wid end
  return P .. 'b:?' .. method .. ':' .. wid
end
-- The sliding-window rules of src/delivery/window.ts, on a zset of entries (in flight: scored sent + ttl; answered:
-- the answer time) and a list of the times waiters were told to come back (':q'), holders under ':w:<waiter>'.
-- Not yet like window.ts: a waiter beyond the first group is told a window after the time told to the waiter
-- ahead (window.ts computes it from the entries held now and the learned round trip), and a returning waiter is
-- put ahead of every newcomer rather than kept at its place.
local function windowWait(zk, limit, win, waiter)
  redis.call('ZREMRANGEBYSCORE', zk, '-inf', now - win)
  local qk = zk .. ':q'
  while true do
    local h = redis.call('LINDEX', qk, 0)
    if h and tonumber(h) <= now then redis.call('LPOP', qk) else break end
  end
  local returning = redis.call('EXISTS', zk .. ':w:' .. waiter) == 1
  local ahead = 0
  if not returning then ahead = redis.call('LLEN', qk) end
  local count = redis.call('ZCARD', zk)
  local index = count + ahead - limit
  if index < 0 then return 0, returning end
  local leaves
  if index < count then
    local e = redis.call('ZRANGE', zk, index, index, 'WITHSCORES')
    local at = tonumber(e[2])
    -- Still in flight: answered now at the earliest, so it leaves one window from now at the earliest.
    if at > now then at = now end
    leaves = at + win
  else
    leaves = tonumber(redis.call('LINDEX', qk, index - count)) + win
  end
  return math.max(1, math.ceil(leaves - now)), returning
end
local function reserve(zk, win, waiter, waitMs, returning)
  if not returning then
    redis.call('RPUSH', zk .. ':q', now + waitMs)
    redis.call('PEXPIRE', zk .. ':q', waitMs + win + 1000)
  end
  redis.call('SET', zk .. ':w:' .. waiter, '1', 'PX', math.max(1, math.ceil(waitMs + win)))
end
local function invalidTotal(eg)
  local minute = math.floor(now / 60000)
  local total = 0
  for m = minute - 9, minute do total = total + num(redis.call('GET', P .. 'inv:' .. eg .. ':' .. m), 0) end
  return total
end
`;

/**
 * ARGV: prefix, webhookId, method, egress, globalLimit, globalWindowMs, channelLimit (0 = unknown), channelWindowMs,
 * marginMs, requestTtlMs, ticketId. Returns the wait in ms (> 0; negated when it waits for the answer to another
 * request on the route: nothing left, no reset known yet), or 0 with the slot taken.
 */
export const TAKE = lua(`${PRELUDE}
local wid, method, eg = ARGV[2], ARGV[3], ARGV[4]
local glimit, gwin, cdefault, cwin = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local margin, ttl, tid = tonumber(ARGV[9]), tonumber(ARGV[10]), ARGV[11]
local bk = bucketKey(method, wid)
local b = redis.call('HMGET', bk, 'limit', 'remaining', 'resetAt')
local limit, remaining, resetAt = num(b[1], 0), num(b[2], 1), num(b[3], 0)
if resetAt ~= 0 and now >= resetAt then
  remaining = limit > 0 and limit or 1
  resetAt = 0
  redis.call('HSET', bk, 'remaining', remaining, 'resetAt', 0, 'guessed', 0)
end
local waiter = method .. ':' .. wid
local gk = P .. 'g:' .. eg
-- Blocks and this webhook's own bucket first: a lane that waits for them takes no place among a window's waiters.
local own = pttl(P .. 'blk:g:' .. eg)
local ch = false
if method == 'POST' then ch = redis.call('GET', P .. 'ch:' .. wid) end
local climit = 0
if ch then
  own = math.max(own, pttl(P .. 'blk:c:' .. ch))
  climit = num(redis.call('GET', P .. 'cl:' .. ch), cdefault)
end
local answer = false
if remaining <= 0 then
  if resetAt == 0 then own = math.max(own, ttl) else own = math.max(own, resetAt + margin - now) end
  answer = redis.call('HGET', bk, 'guessed') == '1'
end
local wait, bindKey, bindWin, bindRet = math.max(0, own), false, 0, false
local function consider(zk, limit, win)
  local ms, returning = windowWait(zk, limit, win, waiter)
  if ms > wait then wait, bindKey, bindWin, bindRet = ms, zk, win, returning end
end
if glimit > 0 then consider(gk, glimit, gwin) end
if ch and climit > 0 then consider(P .. 'cw:' .. ch, climit, cwin) end
if wait > 0 then
  if bindKey then reserve(bindKey, bindWin, waiter, wait, bindRet)
  elseif answer then return -math.ceil(wait) end
  return math.ceil(wait)
end
remaining = remaining - 1
local sent = redis.call('HINCRBY', bk, 'sent', 1)
redis.call('HSET', bk, 'remaining', remaining)
-- Nothing left and no reset known: the answer will say; until then the slot expires with the request.
if remaining <= 0 and resetAt == 0 then redis.call('HSET', bk, 'resetAt', now + ttl, 'guessed', 1) end
redis.call('PEXPIRE', bk, math.max(ttl * 2, 600000))
if glimit > 0 then
  redis.call('DEL', gk .. ':w:' .. waiter)
  redis.call('ZADD', gk, now + ttl, tid)
  redis.call('PEXPIRE', gk, gwin + ttl + 1000)
end
if ch then
  redis.call('DEL', P .. 'cw:' .. ch .. ':w:' .. waiter)
  redis.call('ZADD', P .. 'cw:' .. ch, now + ttl, tid)
  redis.call('PEXPIRE', P .. 'cw:' .. ch, cwin + ttl + 1000)
end
redis.call('HSET', P .. 't:' .. tid, 'bk', bk, 'seq', sent, 'ch', ch or '')
redis.call('PEXPIRE', P .. 't:' .. tid, ttl * 2)
return 0
`);

/**
 * ARGV: prefix, ticketId, webhookId, method, egress, status (0 = none), answer channel, bucket, remaining, limit,
 * resetAfterMs, scope, retryAfterMs, marginMs, invalid (1/0), channelLimit (0 = unknown), learned-limit hold (ms),
 * how long ago the answer arrived (ms: the window entries are stamped that much before now). Returns { invalid answers in 10 minutes, bucket hash or '' }.
 */
export const LEARN = lua(`${PRELUDE}
local tid, wid, method, eg = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local status, ach, hash, rem, lim, resetAfter = tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local scope, retryAfter, margin = ARGV[12], num(ARGV[13], 1000), tonumber(ARGV[14])
if ARGV[15] == '1' then
  local k = P .. 'inv:' .. eg .. ':' .. math.floor(now / 60000)
  redis.call('INCR', k)
  redis.call('PEXPIRE', k, 660000)
end
if ach ~= '' then redis.call('SET', P .. 'ch:' .. wid, ach, 'PX', 86400000) end
local rec = redis.call('HMGET', P .. 't:' .. tid, 'bk', 'seq', 'ch')
redis.call('DEL', P .. 't:' .. tid)
if rec[1] then
  local gk = P .. 'g:' .. eg
  local answered = now - math.max(0, num(ARGV[18], 0))
  if redis.call('ZSCORE', gk, tid) then redis.call('ZADD', gk, 'XX', answered, tid) end
  if rec[3] ~= '' then
    local ck = P .. 'cw:' .. rec[3]
    -- A 429 delivered nothing: it does not count toward the channel's message limit.
    if status == 429 then redis.call('ZREM', ck, tid)
    elseif redis.call('ZSCORE', ck, tid) then redis.call('ZADD', ck, 'XX', answered, tid) end
  end
  local old = rec[1]
  if hash == '' or rem == '' then
    -- No headers (network error, timeout, fault): give back a slot nobody will report on.
    local o = redis.call('HMGET', old, 'limit', 'remaining', 'resetAt', 'guessed')
    if num(o[3], 0) == 0 or o[4] == '1' then
      redis.call('HSET', old, 'remaining', math.min(num(o[2], 0) + 1, num(o[1], 0) > 0 and tonumber(o[1]) or 1))
    end
  else
    redis.call('SET', P .. 'h:' .. method .. ':' .. wid, hash, 'PX', 86400000)
    local key = P .. 'b:' .. hash .. ':' .. wid
    local seq = tonumber(rec[2])
    if old ~= key then
      redis.call('DEL', old)
      seq = redis.call('HINCRBY', key, 'sent', 1)
    end
    local sent, applied = num(redis.call('HGET', key, 'sent'), 0), num(redis.call('HGET', key, 'applied'), 0)
    if seq >= applied then
      redis.call('HSET', key, 'applied', seq, 'remaining', tonumber(rem) - (sent - seq))
      if lim ~= '' then redis.call('HSET', key, 'limit', tonumber(lim)) end
      if resetAfter ~= '' then redis.call('HSET', key, 'resetAt', now + tonumber(resetAfter), 'guessed', 0) end
    end
    redis.call('PEXPIRE', key, 600000)
  end
end
if status == 429 then
  local untilMs = retryAfter + margin
  local function later(k) if pttl(k) < untilMs then redis.call('SET', k, '1', 'PX', math.max(1, math.ceil(untilMs))) end end
  local ch = redis.call('GET', P .. 'ch:' .. wid)
  if scope == 'global' then
    later(P .. 'blk:g:' .. eg)
  elseif scope == 'shared' and ch then
    later(P .. 'blk:c:' .. ch)
    -- Discord keeps this limit hidden: what got through in this window is what it allows.
    local answered = redis.call('ZCOUNT', P .. 'cw:' .. ch, '-inf', now)
    local known = num(redis.call('GET', P .. 'cl:' .. ch), tonumber(ARGV[16]))
    local learned = math.max(1, answered)
    if known > 0 then learned = math.max(1, math.min(known, answered)) end
    redis.call('SET', P .. 'cl:' .. ch, learned, 'PX', math.max(1, math.ceil(tonumber(ARGV[17]))))
  else
    local bk = bucketKey(method, wid)
    local o = redis.call('HMGET', bk, 'resetAt', 'guessed')
    local untilAt = now + retryAfter
    if o[2] == '1' or num(o[1], 0) < untilAt then redis.call('HSET', bk, 'resetAt', untilAt, 'guessed', 0) end
    redis.call('HSET', bk, 'remaining', 0)
    redis.call('PEXPIRE', bk, 600000)
  end
end
return { invalidTotal(eg), redis.call('GET', P .. 'h:' .. method .. ':' .. wid) or '' }
`);

/** ARGV: prefix, egress. Invalid answers of the egress in the last 10 minutes. */
export const INVALID = lua(`${PRELUDE}
return invalidTotal(ARGV[2])
`);
