/**
 * The PL/pgSQL side of the shared budgets (limits.ts): tables and functions, part of schema.ts's DDL. The rules of
 * memory-limits.ts as the Redis scripts keep them (src/redis/limits-lua.ts), line for line.
 *
 * State, keyed like the Redis keys, every row expiring (`until_ms`, epoch ms by the database clock; a row past it
 * reads as absent and the reconciler's sweep deletes it):
 * - `rl_kv`: `h:<method>:<webhookId>` the bucket hash Discord reported; `ch:<webhookId>` the webhook's channel;
 *   `cl:<channelId>` a learned channel limit; `blk:g:<egress>` / `blk:c:<channelId>` blocks set by 429s;
 *   `inv:<egress>:<minute>` invalid answers per minute; `<window>:w:<waiter>` a waiter told to come back;
 *   `<window>:qx` until when the window's queue of waiters is kept (as the Redis list's expiry);
 * - `rl_buckets`: `b:<hash>:<webhookId>` (or `b:?<method>:<webhookId>` before a hash is known): limit, remaining,
 *   reset, guessed, sent, applied;
 * - `rl_window`: per window (`g:<egress>`, `cw:<channelId>`) its requests (in flight: scored sent + ttl; answered:
 *   the answer time); `rl_queue`: the times waiters of a window were told to come back, in order (forgotten
 *   together when the window's `:qx` key expires);
 * - `rl_tickets`: a ticket in flight (its bucket, sequence number and channel).
 *
 * The tables are UNLOGGED: a budget is about the next seconds, so it needs no write-ahead log. A take or a learn then
 * commits without waiting for a disk flush (they run under one lock per prefix, so that wait was every worker's),
 * and after a crash of the database the tables come back empty: every budget is learned again from Discord's headers.
 */

/** Names a rate-limit table or function: `"<schema>"."<prefix>rl_<name>"` (schema.ts's `Tables.rl`). */
export type RlName = (name: string) => string;

/** The tables and functions (part of schema.ts's DDL). */
export function limitsDdl(rl: RlName, prefix: string, lock: string): string {
  const kv = rl("kv");
  const b = rl("buckets");
  const w = rl("window");
  const q = rl("queue");
  const tk = rl("tickets");
  const f = rl;
  return `CREATE UNLOGGED TABLE IF NOT EXISTS ${kv} (k text PRIMARY KEY, v text NOT NULL, until_ms bigint NOT NULL);
CREATE UNLOGGED TABLE IF NOT EXISTS ${b} (
  k text PRIMARY KEY, lim numeric, remaining numeric, reset_at numeric, guessed boolean, sent bigint, applied bigint,
  until_ms bigint NOT NULL
);
CREATE UNLOGGED TABLE IF NOT EXISTS ${w} (k text NOT NULL, member text NOT NULL, score bigint NOT NULL, win bigint NOT NULL, PRIMARY KEY (k, member));
CREATE INDEX IF NOT EXISTS "${prefix}rl_window_score" ON ${w} (k, score);
CREATE UNLOGGED TABLE IF NOT EXISTS ${q} (seq bigserial PRIMARY KEY, k text NOT NULL, at bigint NOT NULL, until_ms bigint NOT NULL);
CREATE INDEX IF NOT EXISTS "${prefix}rl_queue_k" ON ${q} (k, seq);
CREATE UNLOGGED TABLE IF NOT EXISTS ${tk} (id text PRIMARY KEY, bk text NOT NULL, seq bigint NOT NULL, ch text NOT NULL, until_ms bigint NOT NULL);
CREATE OR REPLACE FUNCTION ${f("now")}() RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
-- The helpers are PL/pgSQL, not SQL functions: PostgreSQL before 18 plans a SQL function's body again on every call,
-- while PL/pgSQL keeps each statement's plan for the session.
CREATE OR REPLACE FUNCTION ${f("get")}(_k text, _now bigint) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RETURN (SELECT v FROM ${kv} WHERE k = _k AND until_ms > _now); END $$;
CREATE OR REPLACE FUNCTION ${f("pttl")}(_k text, _now bigint) RETURNS bigint LANGUAGE plpgsql AS
$$ BEGIN RETURN COALESCE((SELECT until_ms - _now FROM ${kv} WHERE k = _k AND until_ms > _now), 0); END $$;
CREATE OR REPLACE FUNCTION ${f("set")}(_k text, _v text, _px numeric, _now bigint) RETURNS void LANGUAGE plpgsql AS
$$ BEGIN
   INSERT INTO ${kv} (k, v, until_ms) VALUES (_k, _v, _now + ceil(_px)::bigint)
   ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, until_ms = EXCLUDED.until_ms;
END $$;
-- A bucket row, made (empty) when missing or expired; its expiry is left as it was or set 10 minutes ahead.
CREATE OR REPLACE FUNCTION ${f("bucket")}(_k text, _now bigint) RETURNS void LANGUAGE plpgsql AS
$$ BEGIN
   DELETE FROM ${b} WHERE k = _k AND until_ms <= _now;
   INSERT INTO ${b} (k, until_ms) VALUES (_k, _now + 600000) ON CONFLICT (k) DO NOTHING;
END $$;
CREATE OR REPLACE FUNCTION ${f("bucket_key")}(_method text, _wid text, _now bigint) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RETURN COALESCE('b:' || ${f("get")}('h:' || _method || ':' || _wid, _now) || ':' || _wid, 'b:?' || _method || ':' || _wid); END $$;
CREATE OR REPLACE FUNCTION ${f("invalid_total")}(_eg text, _now bigint) RETURNS bigint LANGUAGE plpgsql AS
$$ BEGIN
   RETURN (SELECT COALESCE(sum(v::bigint), 0)::bigint FROM ${kv}
    WHERE until_ms > _now AND k = ANY (ARRAY(SELECT 'inv:' || _eg || ':' || m FROM generate_series(floor(_now / 60000.0)::bigint - 9, floor(_now / 60000.0)::bigint) m)));
END $$;
-- Functions of an earlier version: two helpers folded into take, a learn without the answer's age.
DROP FUNCTION IF EXISTS ${f("window_wait")}(text, bigint, bigint, text, bigint);
DROP FUNCTION IF EXISTS ${f("reserve")}(text, bigint, text, bigint, boolean, bigint);
DROP FUNCTION IF EXISTS ${f("learn")}(text, text, text, text, integer, text, text, text, text, text, text, text, bigint, boolean, bigint, bigint);
-- 0: the slot is taken; > 0: wait that long (ms); < 0: wait up to that long for the answer on the route in flight.
-- The keys it needs are read in two statements (the webhook's and the egress's, then its channel's), the bucket in
-- one; each window (the egress's, then the channel's) is checked as the Redis script's windowWait does it; a wait
-- reserves a place in the binding window's queue, a take writes the bucket, the windows and the ticket.
CREATE OR REPLACE FUNCTION ${f("take")}(_wid text, _method text, _eg text, _glimit bigint, _gwin bigint, _cdefault bigint,
  _cwin bigint, _margin bigint, _ttl bigint, _tid text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  v_now bigint; v_waiter text := _method || ':' || _wid; v_gk text := 'g:' || _eg; v_ck text;
  v_hash text; v_ch text; v_own numeric; v_cblk numeric; v_cl text; v_climit bigint := 0;
  v_gback boolean; v_glive boolean; v_cback boolean := false; v_clive boolean := false;
  v_bk text; v_found boolean; v_limit numeric; v_remaining numeric; v_reset numeric; v_guessed boolean; v_sent bigint; v_applied bigint;
  v_answer boolean := false; v_wait numeric;
  v_zk text; v_zlimit bigint; v_zwin bigint; v_zback boolean; v_zlive boolean;
  v_count bigint; v_ahead bigint; v_index bigint; v_at bigint; v_ms bigint;
  v_bind text; v_bind_win bigint := 0; v_bind_ret boolean := false;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('${lock}'));
  v_now := ${f("now")}();
  SELECT max(v) FILTER (WHERE k = 'h:' || v_waiter), COALESCE(max(until_ms - v_now) FILTER (WHERE k = 'blk:g:' || _eg), 0),
         max(v) FILTER (WHERE k = 'ch:' || _wid), COALESCE(bool_or(k = v_gk || ':w:' || v_waiter), false), COALESCE(bool_or(k = v_gk || ':qx'), false)
    INTO v_hash, v_own, v_ch, v_gback, v_glive
    FROM ${kv} WHERE k IN ('h:' || v_waiter, 'blk:g:' || _eg, 'ch:' || _wid, v_gk || ':w:' || v_waiter, v_gk || ':qx') AND until_ms > v_now;
  IF _method <> 'POST' THEN v_ch := NULL; END IF;
  IF v_ch IS NOT NULL THEN
    v_ck := 'cw:' || v_ch;
    SELECT COALESCE(max(until_ms - v_now) FILTER (WHERE k = 'blk:c:' || v_ch), 0), max(v) FILTER (WHERE k = 'cl:' || v_ch),
           COALESCE(bool_or(k = v_ck || ':w:' || v_waiter), false), COALESCE(bool_or(k = v_ck || ':qx'), false)
      INTO v_cblk, v_cl, v_cback, v_clive
      FROM ${kv} WHERE k IN ('blk:c:' || v_ch, 'cl:' || v_ch, v_ck || ':w:' || v_waiter, v_ck || ':qx') AND until_ms > v_now;
    v_own := greatest(v_own, v_cblk);
    v_climit := COALESCE(v_cl::bigint, _cdefault);
  END IF;
  v_bk := COALESCE('b:' || v_hash || ':' || _wid, 'b:?' || _method || ':' || _wid);
  SELECT lim, remaining, reset_at, guessed, sent, applied INTO v_limit, v_remaining, v_reset, v_guessed, v_sent, v_applied
    FROM ${b} WHERE k = v_bk AND until_ms > v_now;
  v_found := FOUND;
  v_limit := COALESCE(v_limit, 0); v_remaining := COALESCE(v_remaining, 1); v_reset := COALESCE(v_reset, 0); v_guessed := COALESCE(v_guessed, false);
  IF v_reset <> 0 AND v_now >= v_reset THEN
    -- The window Discord described (or our guess) is over: assume a fresh one until an answer says otherwise.
    v_remaining := CASE WHEN v_limit > 0 THEN v_limit ELSE 1 END;
    v_reset := 0; v_guessed := false;
    UPDATE ${b} SET remaining = v_remaining, reset_at = 0, guessed = false WHERE k = v_bk;
  END IF;
  -- Blocks and this webhook's own bucket first: a lane that waits for them takes no place among a window's waiters.
  IF v_remaining <= 0 THEN
    IF v_reset = 0 THEN v_own := greatest(v_own, _ttl); ELSE v_own := greatest(v_own, v_reset + _margin - v_now); END IF;
    v_answer := v_guessed;
  END IF;
  v_wait := greatest(0, v_own);
  -- The windows (the egress's, then the channel's), as src/redis/limits-lua.ts's windowWait: a waiter that comes back
  -- keeps its place; the waiters whose time has come left the queue; a queue is forgotten when its expiry passed.
  FOR i IN 1..2 LOOP
    IF i = 1 THEN v_zk := v_gk; v_zlimit := _glimit; v_zwin := _gwin; v_zback := v_gback; v_zlive := v_glive;
    ELSE v_zk := v_ck; v_zlimit := v_climit; v_zwin := _cwin; v_zback := v_cback; v_zlive := v_clive; END IF;
    CONTINUE WHEN v_zk IS NULL OR v_zlimit <= 0;
    DELETE FROM ${w} WHERE k = v_zk AND score <= v_now - v_zwin;
    DELETE FROM ${q} WHERE k = v_zk AND (NOT v_zlive OR seq < COALESCE((SELECT min(seq) FROM ${q} WHERE k = v_zk AND at > v_now), 9223372036854775807));
    SELECT (SELECT count(*) FROM ${w} WHERE k = v_zk), CASE WHEN v_zback THEN 0 ELSE (SELECT count(*) FROM ${q} WHERE k = v_zk) END
      INTO v_count, v_ahead;
    v_index := v_count + v_ahead - v_zlimit;
    CONTINUE WHEN v_index < 0;
    IF v_index < v_count THEN
      SELECT score INTO v_at FROM ${w} WHERE k = v_zk ORDER BY score, member COLLATE "C" OFFSET v_index LIMIT 1;
      -- Still in flight: answered now at the earliest, so it leaves one window from now at the earliest.
      IF v_at > v_now THEN v_at := v_now; END IF;
    ELSE
      SELECT at INTO v_at FROM ${q} WHERE k = v_zk ORDER BY seq OFFSET v_index - v_count LIMIT 1;
    END IF;
    v_ms := greatest(1, v_at + v_zwin - v_now);
    IF v_ms > v_wait THEN v_wait := v_ms; v_bind := v_zk; v_bind_win := v_zwin; v_bind_ret := v_zback; END IF;
  END LOOP;
  IF v_wait > 0 THEN
    IF v_bind IS NOT NULL THEN
      -- A place in the binding window's queue (kept when coming back) and the queue's expiry.
      v_ms := ceil(v_wait)::bigint;
      IF NOT v_bind_ret THEN INSERT INTO ${q} (k, at, until_ms) VALUES (v_bind, v_now + v_ms, v_now + v_ms + v_bind_win + 1000); END IF;
      INSERT INTO ${kv} (k, v, until_ms)
        SELECT x.k, '1', x.u FROM (VALUES (v_bind || ':w:' || v_waiter, v_now + greatest(1, v_ms + v_bind_win)),
          (CASE WHEN NOT v_bind_ret THEN v_bind || ':qx' END, v_now + v_ms + v_bind_win + 1000)) x(k, u) WHERE x.k IS NOT NULL
        ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, until_ms = EXCLUDED.until_ms;
    ELSIF v_answer THEN RETURN -ceil(v_wait)::bigint; END IF;
    RETURN ceil(v_wait)::bigint;
  END IF;
  v_remaining := v_remaining - 1;
  -- Nothing left and no reset known: the answer will say; until then the slot expires with the request.
  IF v_remaining <= 0 AND v_reset = 0 THEN v_reset := v_now + _ttl; v_guessed := true; END IF;
  v_sent := CASE WHEN v_found THEN COALESCE(v_sent, 0) + 1 ELSE 1 END;
  INSERT INTO ${b} (k, lim, remaining, reset_at, guessed, sent, applied, until_ms)
    VALUES (v_bk, v_limit, v_remaining, v_reset, v_guessed, v_sent, CASE WHEN v_found THEN v_applied END, v_now + greatest(_ttl * 2, 600000))
    ON CONFLICT (k) DO UPDATE SET lim = EXCLUDED.lim, remaining = EXCLUDED.remaining, reset_at = EXCLUDED.reset_at, guessed = EXCLUDED.guessed,
      sent = EXCLUDED.sent, applied = EXCLUDED.applied, until_ms = EXCLUDED.until_ms;
  IF v_gback OR v_cback THEN DELETE FROM ${kv} WHERE k IN (v_gk || ':w:' || v_waiter, v_ck || ':w:' || v_waiter); END IF;
  INSERT INTO ${w} (k, member, score, win)
    SELECT x.k, _tid, v_now + _ttl, x.win FROM (VALUES (CASE WHEN _glimit > 0 THEN v_gk END, _gwin), (v_ck, _cwin)) x(k, win) WHERE x.k IS NOT NULL
    ON CONFLICT (k, member) DO UPDATE SET score = EXCLUDED.score;
  INSERT INTO ${tk} (id, bk, seq, ch, until_ms) VALUES (_tid, v_bk, v_sent, COALESCE(v_ch, ''), v_now + _ttl * 2)
    ON CONFLICT (id) DO UPDATE SET bk = EXCLUDED.bk, seq = EXCLUDED.seq, ch = EXCLUDED.ch, until_ms = EXCLUDED.until_ms;
  RETURN 0;
END $$;
-- What an answer (or its absence) teaches: the channel and bucket keys in one write, the ticket's windows stamped with
-- the answer time (when it arrived, not when this learn got its turn), the bucket written once;
-- a 429 sets its block.
CREATE OR REPLACE FUNCTION ${f("learn")}(_tid text, _wid text, _method text, _eg text, _status integer, _ach text, _hash text,
  _rem text, _lim text, _reset_after text, _scope text, _retry_after text, _margin bigint, _invalid boolean, _cdefault bigint,
  _hold bigint, _ago bigint, OUT invalid bigint, OUT bucket text)
LANGUAGE plpgsql AS $$
DECLARE
  v_now bigint; v_stamp bigint; v_k text; v_bk text; v_seq bigint; v_ch text; v_key text; v_sent bigint; v_applied bigint; v_live boolean; v_headers boolean;
  v_limit numeric; v_remaining numeric; v_reset numeric; v_guessed boolean; v_retry numeric; v_until numeric;
  v_answered bigint; v_known bigint; v_learned bigint;
BEGIN
  -- When the answer arrived: _ago before this statement reached the server (the wait for the lock is not its age).
  v_stamp := floor(extract(epoch FROM statement_timestamp()) * 1000)::bigint - greatest(0, _ago);
  PERFORM pg_advisory_xact_lock(hashtext('${lock}'));
  v_now := ${f("now")}();
  IF _invalid THEN
    v_k := 'inv:' || _eg || ':' || floor(v_now / 60000.0)::bigint;
    INSERT INTO ${kv} (k, v, until_ms) VALUES (v_k, '1', v_now + 660000)
      ON CONFLICT (k) DO UPDATE SET v = CASE WHEN ${kv}.until_ms > v_now THEN (${kv}.v::bigint + 1)::text ELSE '1' END, until_ms = EXCLUDED.until_ms;
  END IF;
  DELETE FROM ${tk} WHERE id = _tid RETURNING bk, seq, ch, until_ms INTO v_bk, v_seq, v_ch, v_until;
  v_live := v_bk IS NOT NULL AND v_until > v_now;
  v_headers := v_live AND _hash <> '' AND _rem <> '';
  IF _ach <> '' OR v_headers THEN
    INSERT INTO ${kv} (k, v, until_ms)
      SELECT x.k, x.v, v_now + 86400000 FROM (VALUES (CASE WHEN _ach <> '' THEN 'ch:' || _wid END, _ach),
        (CASE WHEN v_headers THEN 'h:' || _method || ':' || _wid END, _hash)) x(k, v) WHERE x.k IS NOT NULL
      ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, until_ms = EXCLUDED.until_ms;
  END IF;
  IF v_live THEN
    -- A 429 delivered nothing: it does not count toward the channel's message limit.
    IF _status = 429 AND v_ch <> '' THEN DELETE FROM ${w} WHERE k = 'cw:' || v_ch AND member = _tid; END IF;
    UPDATE ${w} SET score = v_stamp WHERE member = _tid AND k IN ('g:' || _eg, CASE WHEN v_ch <> '' THEN 'cw:' || v_ch END);
    IF NOT v_headers THEN
      -- No headers (network error, timeout, fault): give back a slot nobody will report on.
      SELECT lim, remaining, reset_at, guessed INTO v_limit, v_remaining, v_reset, v_guessed FROM ${b} WHERE k = v_bk AND until_ms > v_now;
      IF COALESCE(v_reset, 0) = 0 OR COALESCE(v_guessed, false) THEN
        PERFORM ${f("bucket")}(v_bk, v_now);
        UPDATE ${b} SET remaining = least(COALESCE(v_remaining, 0) + 1, CASE WHEN COALESCE(v_limit, 0) > 0 THEN v_limit ELSE 1 END) WHERE k = v_bk;
      END IF;
    ELSE
      v_key := 'b:' || _hash || ':' || _wid;
      SELECT lim, remaining, reset_at, guessed, sent, applied INTO v_limit, v_remaining, v_reset, v_guessed, v_sent, v_applied
        FROM ${b} WHERE k = v_key AND until_ms > v_now;
      v_sent := COALESCE(v_sent, 0);
      IF v_bk <> v_key THEN
        -- The starter slot is done: the webhook now counts under the bucket Discord named (plus its id).
        DELETE FROM ${b} WHERE k = v_bk;
        v_sent := v_sent + 1;
        v_seq := v_sent;
      END IF;
      IF v_seq >= COALESCE(v_applied, 0) THEN
        -- Requests sent after this one are not counted in its header yet.
        v_applied := v_seq;
        v_remaining := _rem::numeric - (v_sent - v_seq);
        IF _lim <> '' THEN v_limit := _lim::numeric; END IF;
        IF _reset_after <> '' THEN v_reset := v_now + _reset_after::numeric; v_guessed := false; END IF;
      END IF;
      INSERT INTO ${b} (k, lim, remaining, reset_at, guessed, sent, applied, until_ms)
        VALUES (v_key, v_limit, v_remaining, v_reset, v_guessed, v_sent, v_applied, v_now + 600000)
        ON CONFLICT (k) DO UPDATE SET lim = EXCLUDED.lim, remaining = EXCLUDED.remaining, reset_at = EXCLUDED.reset_at,
          guessed = EXCLUDED.guessed, sent = EXCLUDED.sent, applied = EXCLUDED.applied, until_ms = EXCLUDED.until_ms;
    END IF;
  END IF;
  IF _status = 429 THEN
    v_retry := COALESCE(NULLIF(_retry_after, '')::numeric, 1000);
    v_until := v_retry + _margin;
    v_ch := ${f("get")}('ch:' || _wid, v_now);
    IF _scope = 'global' THEN
      IF ${f("pttl")}('blk:g:' || _eg, v_now) < v_until THEN PERFORM ${f("set")}('blk:g:' || _eg, '1', greatest(1, v_until), v_now); END IF;
    ELSIF _scope = 'shared' AND v_ch IS NOT NULL THEN
      IF ${f("pttl")}('blk:c:' || v_ch, v_now) < v_until THEN PERFORM ${f("set")}('blk:c:' || v_ch, '1', greatest(1, v_until), v_now); END IF;
      -- Discord keeps this limit hidden: what got through in this window is what it allows.
      SELECT count(*) INTO v_answered FROM ${w} WHERE k = 'cw:' || v_ch AND score <= v_now;
      v_known := COALESCE(${f("get")}('cl:' || v_ch, v_now)::bigint, _cdefault);
      v_learned := greatest(1, v_answered);
      IF v_known > 0 THEN v_learned := greatest(1, least(v_known, v_answered)); END IF;
      PERFORM ${f("set")}('cl:' || v_ch, v_learned::text, greatest(1, _hold), v_now);
    ELSE
      v_bk := ${f("bucket_key")}(_method, _wid, v_now);
      PERFORM ${f("bucket")}(v_bk, v_now);
      SELECT reset_at, guessed INTO v_reset, v_guessed FROM ${b} WHERE k = v_bk;
      IF COALESCE(v_guessed, false) OR COALESCE(v_reset, 0) < v_now + v_retry THEN
        UPDATE ${b} SET reset_at = v_now + v_retry, guessed = false WHERE k = v_bk;
      END IF;
      UPDATE ${b} SET remaining = 0, until_ms = v_now + 600000 WHERE k = v_bk;
    END IF;
  END IF;
  invalid := ${f("invalid_total")}(_eg, v_now);
  bucket := CASE WHEN v_headers THEN _hash ELSE COALESCE(${f("get")}('h:' || _method || ':' || _wid, v_now), '') END;
END $$;
CREATE OR REPLACE FUNCTION ${f("sweep")}() RETURNS void LANGUAGE plpgsql AS $$
DECLARE v_now bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('${lock}'));
  v_now := ${f("now")}();
  DELETE FROM ${q} q WHERE NOT EXISTS (SELECT 1 FROM ${kv} WHERE ${kv}.k = q.k || ':qx' AND ${kv}.until_ms > v_now);
  DELETE FROM ${kv} WHERE until_ms <= v_now;
  DELETE FROM ${b} WHERE until_ms <= v_now;
  DELETE FROM ${tk} WHERE until_ms <= v_now;
  DELETE FROM ${w} WHERE score + win <= v_now AND score <= v_now;
END $$;`;
}
