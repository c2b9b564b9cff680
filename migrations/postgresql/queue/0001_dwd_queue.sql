-- The tables of postgresQueue() (discord-webhook-dispatcher/postgres), default schema "public" and prefix "dwd_".
-- postgresQueue() also creates them itself on first use (idempotent); the DiscordWebhook table is never touched.

SELECT pg_advisory_xact_lock(hashtext('public.dwd_ddl'));
CREATE SCHEMA IF NOT EXISTS "public";
CREATE TABLE IF NOT EXISTS "public"."dwd_jobs" (
  seq bigserial PRIMARY KEY,
  lane_id text NOT NULL,
  job_id text NOT NULL,
  delivery_id text NOT NULL,
  body jsonb NOT NULL,
  -- Order within the lane: routine jobs append; an urgent one is placed between two waiting jobs (priority.ts).
  pos numeric NOT NULL,
  UNIQUE (lane_id, job_id)
);
CREATE INDEX IF NOT EXISTS "dwd_jobs_lane_pos" ON "public"."dwd_jobs" (lane_id, pos);
CREATE TABLE IF NOT EXISTS "public"."dwd_lanes" (
  lane_id text PRIMARY KEY,
  owner text,
  lease_until timestamptz,
  due_at timestamptz,
  kicked boolean NOT NULL DEFAULT false,
  in_flight jsonb
);
CREATE INDEX IF NOT EXISTS "dwd_lanes_due" ON "public"."dwd_lanes" (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS "public"."dwd_deliveries" (
  delivery_id text PRIMARY KEY,
  lane_id text NOT NULL,
  idempotency_key text,
  remaining integer NOT NULL,
  settled_jobs text[] NOT NULL DEFAULT '{}',
  outcome jsonb NOT NULL,
  settled_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS "dwd_deliveries_key" ON "public"."dwd_deliveries" (lane_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS "dwd_deliveries_settled" ON "public"."dwd_deliveries" (settled_at) WHERE settled_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS "public"."dwd_incidents" (
  webhook_id text NOT NULL,
  key text NOT NULL,
  version integer NOT NULL,
  record jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (webhook_id, key)
);
CREATE INDEX IF NOT EXISTS "dwd_incidents_expires" ON "public"."dwd_incidents" (expires_at);
-- Open problems by when their reminder is due (the incident state's due); resolved ones are not in it.
CREATE INDEX IF NOT EXISTS "dwd_incidents_remind" ON "public"."dwd_incidents" (((record->>'remindAt')::double precision)) WHERE record ? 'remindAt';
CREATE TABLE IF NOT EXISTS "public"."dwd_silences" (
  id text PRIMARY KEY,
  -- Epoch milliseconds, as the silence says.
  ends_at bigint NOT NULL,
  body jsonb NOT NULL
);
CREATE UNLOGGED TABLE IF NOT EXISTS "public"."dwd_rl_kv" (k text PRIMARY KEY, v text NOT NULL, until_ms bigint NOT NULL);
CREATE UNLOGGED TABLE IF NOT EXISTS "public"."dwd_rl_buckets" (
  k text PRIMARY KEY, lim numeric, remaining numeric, reset_at numeric, guessed boolean, sent bigint, applied bigint,
  until_ms bigint NOT NULL
);
CREATE UNLOGGED TABLE IF NOT EXISTS "public"."dwd_rl_window" (k text NOT NULL, member text NOT NULL, score bigint NOT NULL, win bigint NOT NULL, PRIMARY KEY (k, member));
CREATE INDEX IF NOT EXISTS "dwd_rl_window_score" ON "public"."dwd_rl_window" (k, score);
CREATE UNLOGGED TABLE IF NOT EXISTS "public"."dwd_rl_queue" (seq bigserial PRIMARY KEY, k text NOT NULL, at bigint NOT NULL, until_ms bigint NOT NULL);
CREATE INDEX IF NOT EXISTS "dwd_rl_queue_k" ON "public"."dwd_rl_queue" (k, seq);
CREATE UNLOGGED TABLE IF NOT EXISTS "public"."dwd_rl_tickets" (id text PRIMARY KEY, bk text NOT NULL, seq bigint NOT NULL, ch text NOT NULL, until_ms bigint NOT NULL);
CREATE OR REPLACE FUNCTION "public"."dwd_rl_now"() RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint $$;
-- The helpers are PL/pgSQL, not SQL functions: PostgreSQL before 18 plans a SQL function's body again on every call,
-- while PL/pgSQL keeps each statement's plan for the session.
CREATE OR REPLACE FUNCTION "public"."dwd_rl_get"(_k text, _now bigint) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RETURN (SELECT v FROM "public"."dwd_rl_kv" WHERE k = _k AND until_ms > _now); END $$;
CREATE OR REPLACE FUNCTION "public"."dwd_rl_pttl"(_k text, _now bigint) RETURNS bigint LANGUAGE plpgsql AS
$$ BEGIN RETURN COALESCE((SELECT until_ms - _now FROM "public"."dwd_rl_kv" WHERE k = _k AND until_ms > _now), 0); END $$;
CREATE OR REPLACE FUNCTION "public"."dwd_rl_set"(_k text, _v text, _px numeric, _now bigint) RETURNS void LANGUAGE plpgsql AS
$$ BEGIN
   INSERT INTO "public"."dwd_rl_kv" (k, v, until_ms) VALUES (_k, _v, _now + ceil(_px)::bigint)
   ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, until_ms = EXCLUDED.until_ms;
END $$;
-- A bucket row, made (empty) when missing or expired; its expiry is left as it was or set 10 minutes ahead.
CREATE OR REPLACE FUNCTION "public"."dwd_rl_bucket"(_k text, _now bigint) RETURNS void LANGUAGE plpgsql AS
$$ BEGIN
   DELETE FROM "public"."dwd_rl_buckets" WHERE k = _k AND until_ms <= _now;
   INSERT INTO "public"."dwd_rl_buckets" (k, until_ms) VALUES (_k, _now + 600000) ON CONFLICT (k) DO NOTHING;
END $$;
CREATE OR REPLACE FUNCTION "public"."dwd_rl_bucket_key"(_method text, _wid text, _now bigint) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN RETURN COALESCE('b:' || "public"."dwd_rl_get"('h:' || _method || ':' || _wid, _now) || ':' || _wid, 'b:?' || _method || ':' || _wid); END $$;
CREATE OR REPLACE FUNCTION "public"."dwd_rl_invalid_total"(_eg text, _now bigint) RETURNS bigint LANGUAGE plpgsql AS
$$ BEGIN
   RETURN (SELECT COALESCE(sum(v::bigint), 0)::bigint FROM "public"."dwd_rl_kv"
    WHERE until_ms > _now AND k = ANY (ARRAY(SELECT 'inv:' || _eg || ':' || m FROM generate_series(floor(_now / 60000.0)::bigint - 9, floor(_now / 60000.0)::bigint) m)));
END $$;
-- Functions of an earlier version: two helpers folded into take, a learn without the answer's age.
DROP FUNCTION IF EXISTS "public"."dwd_rl_window_wait"(text, bigint, bigint, text, bigint);
DROP FUNCTION IF EXISTS "public"."dwd_rl_reserve"(text, bigint, text, bigint, boolean, bigint);
DROP FUNCTION IF EXISTS "public"."dwd_rl_learn"(text, text, text, text, integer, text, text, text, text, text, text, text, bigint, boolean, bigint, bigint);
-- 0: the slot is taken; > 0: wait that long (ms); < 0: wait up to that long for the answer on the route in flight.
-- The keys it needs are read in two statements (the webhook's and the egress's, then its channel's), the bucket in
-- one; each window (the egress's, then the channel's) is checked as the Redis script's windowWait does it; a wait
-- reserves a place in the binding window's queue, a take writes the bucket, the windows and the ticket.
CREATE OR REPLACE FUNCTION "public"."dwd_rl_take"(_wid text, _method text, _eg text, _glimit bigint, _gwin bigint, _cdefault bigint,
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
  PERFORM pg_advisory_xact_lock(hashtext('public.dwd_rl'));
  v_now := "public"."dwd_rl_now"();
  SELECT max(v) FILTER (WHERE k = 'h:' || v_waiter), COALESCE(max(until_ms - v_now) FILTER (WHERE k = 'blk:g:' || _eg), 0),
         max(v) FILTER (WHERE k = 'ch:' || _wid), COALESCE(bool_or(k = v_gk || ':w:' || v_waiter), false), COALESCE(bool_or(k = v_gk || ':qx'), false)
    INTO v_hash, v_own, v_ch, v_gback, v_glive
    FROM "public"."dwd_rl_kv" WHERE k IN ('h:' || v_waiter, 'blk:g:' || _eg, 'ch:' || _wid, v_gk || ':w:' || v_waiter, v_gk || ':qx') AND until_ms > v_now;
  IF _method <> 'POST' THEN v_ch := NULL; END IF;
  IF v_ch IS NOT NULL THEN
    v_ck := 'cw:' || v_ch;
    SELECT COALESCE(max(until_ms - v_now) FILTER (WHERE k = 'blk:c:' || v_ch), 0), max(v) FILTER (WHERE k = 'cl:' || v_ch),
           COALESCE(bool_or(k = v_ck || ':w:' || v_waiter), false), COALESCE(bool_or(k = v_ck || ':qx'), false)
      INTO v_cblk, v_cl, v_cback, v_clive
      FROM "public"."dwd_rl_kv" WHERE k IN ('blk:c:' || v_ch, 'cl:' || v_ch, v_ck || ':w:' || v_waiter, v_ck || ':qx') AND until_ms > v_now;
    v_own := greatest(v_own, v_cblk);
    v_climit := COALESCE(v_cl::bigint, _cdefault);
  END IF;
  v_bk := COALESCE('b:' || v_hash || ':' || _wid, 'b:?' || _method || ':' || _wid);
  SELECT lim, remaining, reset_at, guessed, sent, applied INTO v_limit, v_remaining, v_reset, v_guessed, v_sent, v_applied
    FROM "public"."dwd_rl_buckets" WHERE k = v_bk AND until_ms > v_now;
  v_found := FOUND;
  v_limit := COALESCE(v_limit, 0); v_remaining := COALESCE(v_remaining, 1); v_reset := COALESCE(v_reset, 0); v_guessed := COALESCE(v_guessed, false);
  IF v_reset <> 0 AND v_now >= v_reset THEN
    -- The window Discord described (or our guess) is over: assume a fresh one until an answer says otherwise.
    v_remaining := CASE WHEN v_limit > 0 THEN v_limit ELSE 1 END;
    v_reset := 0; v_guessed := false;
    UPDATE "public"."dwd_rl_buckets" SET remaining = v_remaining, reset_at = 0, guessed = false WHERE k = v_bk;
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
    DELETE FROM "public"."dwd_rl_window" WHERE k = v_zk AND score <= v_now - v_zwin;
    DELETE FROM "public"."dwd_rl_queue" WHERE k = v_zk AND (NOT v_zlive OR seq < COALESCE((SELECT min(seq) FROM "public"."dwd_rl_queue" WHERE k = v_zk AND at > v_now), 9223372036854775807));
    SELECT (SELECT count(*) FROM "public"."dwd_rl_window" WHERE k = v_zk), CASE WHEN v_zback THEN 0 ELSE (SELECT count(*) FROM "public"."dwd_rl_queue" WHERE k = v_zk) END
      INTO v_count, v_ahead;
    v_index := v_count + v_ahead - v_zlimit;
    CONTINUE WHEN v_index < 0;
    IF v_index < v_count THEN
      SELECT score INTO v_at FROM "public"."dwd_rl_window" WHERE k = v_zk ORDER BY score, member COLLATE "C" OFFSET v_index LIMIT 1;
      -- Still in flight: answered now at the earliest, so it leaves one window from now at the earliest.
      IF v_at > v_now THEN v_at := v_now; END IF;
    ELSE
      SELECT at INTO v_at FROM "public"."dwd_rl_queue" WHERE k = v_zk ORDER BY seq OFFSET v_index - v_count LIMIT 1;
    END IF;
    v_ms := greatest(1, v_at + v_zwin - v_now);
    IF v_ms > v_wait THEN v_wait := v_ms; v_bind := v_zk; v_bind_win := v_zwin; v_bind_ret := v_zback; END IF;
  END LOOP;
  IF v_wait > 0 THEN
    IF v_bind IS NOT NULL THEN
      -- A place in the binding window's queue (kept when coming back) and the queue's expiry.
      v_ms := ceil(v_wait)::bigint;
      IF NOT v_bind_ret THEN INSERT INTO "public"."dwd_rl_queue" (k, at, until_ms) VALUES (v_bind, v_now + v_ms, v_now + v_ms + v_bind_win + 1000); END IF;
      INSERT INTO "public"."dwd_rl_kv" (k, v, until_ms)
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
  INSERT INTO "public"."dwd_rl_buckets" (k, lim, remaining, reset_at, guessed, sent, applied, until_ms)
    VALUES (v_bk, v_limit, v_remaining, v_reset, v_guessed, v_sent, CASE WHEN v_found THEN v_applied END, v_now + greatest(_ttl * 2, 600000))
    ON CONFLICT (k) DO UPDATE SET lim = EXCLUDED.lim, remaining = EXCLUDED.remaining, reset_at = EXCLUDED.reset_at, guessed = EXCLUDED.guessed,
      sent = EXCLUDED.sent, applied = EXCLUDED.applied, until_ms = EXCLUDED.until_ms;
  IF v_gback OR v_cback THEN DELETE FROM "public"."dwd_rl_kv" WHERE k IN (v_gk || ':w:' || v_waiter, v_ck || ':w:' || v_waiter); END IF;
  INSERT INTO "public"."dwd_rl_window" (k, member, score, win)
    SELECT x.k, _tid, v_now + _ttl, x.win FROM (VALUES (CASE WHEN _glimit > 0 THEN v_gk END, _gwin), (v_ck, _cwin)) x(k, win) WHERE x.k IS NOT NULL
    ON CONFLICT (k, member) DO UPDATE SET score = EXCLUDED.score;
  INSERT INTO "public"."dwd_rl_tickets" (id, bk, seq, ch, until_ms) VALUES (_tid, v_bk, v_sent, COALESCE(v_ch, ''), v_now + _ttl * 2)
    ON CONFLICT (id) DO UPDATE SET bk = EXCLUDED.bk, seq = EXCLUDED.seq, ch = EXCLUDED.ch, until_ms = EXCLUDED.until_ms;
  RETURN 0;
END $$;
-- What an answer (or its absence) teaches: the channel and bucket keys in one write, the ticket's windows stamped with
-- the answer time (when it arrived, not when this learn got its turn), the bucket written once;
-- a 429 sets its block.
CREATE OR REPLACE FUNCTION "public"."dwd_rl_learn"(_tid text, _wid text, _method text, _eg text, _status integer, _ach text, _hash text,
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
  PERFORM pg_advisory_xact_lock(hashtext('public.dwd_rl'));
  v_now := "public"."dwd_rl_now"();
  IF _invalid THEN
    v_k := 'inv:' || _eg || ':' || floor(v_now / 60000.0)::bigint;
    INSERT INTO "public"."dwd_rl_kv" (k, v, until_ms) VALUES (v_k, '1', v_now + 660000)
      ON CONFLICT (k) DO UPDATE SET v = CASE WHEN "public"."dwd_rl_kv".until_ms > v_now THEN ("public"."dwd_rl_kv".v::bigint + 1)::text ELSE '1' END, until_ms = EXCLUDED.until_ms;
  END IF;
  DELETE FROM "public"."dwd_rl_tickets" WHERE id = _tid RETURNING bk, seq, ch, until_ms INTO v_bk, v_seq, v_ch, v_until;
  v_live := v_bk IS NOT NULL AND v_until > v_now;
  v_headers := v_live AND _hash <> '' AND _rem <> '';
  IF _ach <> '' OR v_headers THEN
    INSERT INTO "public"."dwd_rl_kv" (k, v, until_ms)
      SELECT x.k, x.v, v_now + 86400000 FROM (VALUES (CASE WHEN _ach <> '' THEN 'ch:' || _wid END, _ach),
        (CASE WHEN v_headers THEN 'h:' || _method || ':' || _wid END, _hash)) x(k, v) WHERE x.k IS NOT NULL
      ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, until_ms = EXCLUDED.until_ms;
  END IF;
  IF v_live THEN
    -- A 429 delivered nothing: it does not count toward the channel's message limit.
    IF _status = 429 AND v_ch <> '' THEN DELETE FROM "public"."dwd_rl_window" WHERE k = 'cw:' || v_ch AND member = _tid; END IF;
    UPDATE "public"."dwd_rl_window" SET score = v_stamp WHERE member = _tid AND k IN ('g:' || _eg, CASE WHEN v_ch <> '' THEN 'cw:' || v_ch END);
    IF NOT v_headers THEN
      -- No headers (network error, timeout, fault): give back a slot nobody will report on.
      SELECT lim, remaining, reset_at, guessed INTO v_limit, v_remaining, v_reset, v_guessed FROM "public"."dwd_rl_buckets" WHERE k = v_bk AND until_ms > v_now;
      IF COALESCE(v_reset, 0) = 0 OR COALESCE(v_guessed, false) THEN
        PERFORM "public"."dwd_rl_bucket"(v_bk, v_now);
        UPDATE "public"."dwd_rl_buckets" SET remaining = least(COALESCE(v_remaining, 0) + 1, CASE WHEN COALESCE(v_limit, 0) > 0 THEN v_limit ELSE 1 END) WHERE k = v_bk;
      END IF;
    ELSE
      v_key := 'b:' || _hash || ':' || _wid;
      SELECT lim, remaining, reset_at, guessed, sent, applied INTO v_limit, v_remaining, v_reset, v_guessed, v_sent, v_applied
        FROM "public"."dwd_rl_buckets" WHERE k = v_key AND until_ms > v_now;
      v_sent := COALESCE(v_sent, 0);
      IF v_bk <> v_key THEN
        -- The starter slot is done: the webhook now counts under the bucket Discord named (plus its id).
        DELETE FROM "public"."dwd_rl_buckets" WHERE k = v_bk;
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
      INSERT INTO "public"."dwd_rl_buckets" (k, lim, remaining, reset_at, guessed, sent, applied, until_ms)
        VALUES (v_key, v_limit, v_remaining, v_reset, v_guessed, v_sent, v_applied, v_now + 600000)
        ON CONFLICT (k) DO UPDATE SET lim = EXCLUDED.lim, remaining = EXCLUDED.remaining, reset_at = EXCLUDED.reset_at,
          guessed = EXCLUDED.guessed, sent = EXCLUDED.sent, applied = EXCLUDED.applied, until_ms = EXCLUDED.until_ms;
    END IF;
  END IF;
  IF _status = 429 THEN
    v_retry := COALESCE(NULLIF(_retry_after, '')::numeric, 1000);
    v_until := v_retry + _margin;
    v_ch := "public"."dwd_rl_get"('ch:' || _wid, v_now);
    IF _scope = 'global' THEN
      IF "public"."dwd_rl_pttl"('blk:g:' || _eg, v_now) < v_until THEN PERFORM "public"."dwd_rl_set"('blk:g:' || _eg, '1', greatest(1, v_until), v_now); END IF;
    ELSIF _scope = 'shared' AND v_ch IS NOT NULL THEN
      IF "public"."dwd_rl_pttl"('blk:c:' || v_ch, v_now) < v_until THEN PERFORM "public"."dwd_rl_set"('blk:c:' || v_ch, '1', greatest(1, v_until), v_now); END IF;
      -- Discord keeps this limit hidden: what got through in this window is what it allows.
      SELECT count(*) INTO v_answered FROM "public"."dwd_rl_window" WHERE k = 'cw:' || v_ch AND score <= v_now;
      v_known := COALESCE("public"."dwd_rl_get"('cl:' || v_ch, v_now)::bigint, _cdefault);
      v_learned := greatest(1, v_answered);
      IF v_known > 0 THEN v_learned := greatest(1, least(v_known, v_answered)); END IF;
      PERFORM "public"."dwd_rl_set"('cl:' || v_ch, v_learned::text, greatest(1, _hold), v_now);
    ELSE
      v_bk := "public"."dwd_rl_bucket_key"(_method, _wid, v_now);
      PERFORM "public"."dwd_rl_bucket"(v_bk, v_now);
      SELECT reset_at, guessed INTO v_reset, v_guessed FROM "public"."dwd_rl_buckets" WHERE k = v_bk;
      IF COALESCE(v_guessed, false) OR COALESCE(v_reset, 0) < v_now + v_retry THEN
        UPDATE "public"."dwd_rl_buckets" SET reset_at = v_now + v_retry, guessed = false WHERE k = v_bk;
      END IF;
      UPDATE "public"."dwd_rl_buckets" SET remaining = 0, until_ms = v_now + 600000 WHERE k = v_bk;
    END IF;
  END IF;
  invalid := "public"."dwd_rl_invalid_total"(_eg, v_now);
  bucket := CASE WHEN v_headers THEN _hash ELSE COALESCE("public"."dwd_rl_get"('h:' || _method || ':' || _wid, v_now), '') END;
END $$;
CREATE OR REPLACE FUNCTION "public"."dwd_rl_sweep"() RETURNS void LANGUAGE plpgsql AS $$
DECLARE v_now bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('public.dwd_rl'));
  v_now := "public"."dwd_rl_now"();
  DELETE FROM "public"."dwd_rl_queue" q WHERE NOT EXISTS (SELECT 1 FROM "public"."dwd_rl_kv" WHERE "public"."dwd_rl_kv".k = q.k || ':qx' AND "public"."dwd_rl_kv".until_ms > v_now);
  DELETE FROM "public"."dwd_rl_kv" WHERE until_ms <= v_now;
  DELETE FROM "public"."dwd_rl_buckets" WHERE until_ms <= v_now;
  DELETE FROM "public"."dwd_rl_tickets" WHERE until_ms <= v_now;
  DELETE FROM "public"."dwd_rl_window" WHERE score + win <= v_now AND score <= v_now;
END $$;
CREATE TABLE IF NOT EXISTS "public"."dwd_outbox" (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  -- The event: type, embeds, routing and message options. Never a webhook URL or token (routing happens at relay).
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION "public"."dwd_outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dwd_events', 'o:');
  RETURN NULL;
END $$;
-- Created only when missing: replacing it would lock the table against every transaction writing to it.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'dwd_outbox_notify' AND tgrelid = '"public"."dwd_outbox"'::regclass) THEN
    CREATE TRIGGER "dwd_outbox_notify" AFTER INSERT ON "public"."dwd_outbox" FOR EACH STATEMENT EXECUTE FUNCTION "public"."dwd_outbox_notify"();
  END IF;
END $$;
CREATE OR REPLACE FUNCTION "public"."dwd_push"(_lane text, _jobs jsonb, _capacity integer, _key text, _urgent boolean, _problem text, _delivery text, _outcome jsonb)
RETURNS text LANGUAGE plpgsql AS $fn$
DECLARE
  _dup text;
  _count integer := jsonb_array_length(_jobs);
  _held bigint;
  _after numeric;
  _next numeric;
  _end numeric;
  _low numeric;
  _high numeric;
BEGIN
  -- One lock per lane serialises the capacity check with concurrent pushes.
  PERFORM pg_advisory_xact_lock(hashtext('"public"."dwd_jobs":' || _lane));
  IF _key IS NOT NULL THEN
    SELECT delivery_id INTO _dup FROM "public"."dwd_deliveries" WHERE lane_id = _lane AND idempotency_key = _key;
    IF FOUND THEN RETURN 'dup:' || _dup; END IF;
  END IF;
  SELECT count(*) INTO _held FROM "public"."dwd_jobs" WHERE lane_id = _lane;
  IF _held + _count > _capacity THEN RETURN 'full'; END IF;
  IF _urgent THEN
    SELECT max(pos) INTO _after FROM "public"."dwd_jobs" WHERE lane_id = _lane AND ((body->>'urgent')::boolean IS TRUE OR body->>'problem' = _problem);
    SELECT min(pos) INTO _next FROM "public"."dwd_jobs" WHERE lane_id = _lane AND (_after IS NULL OR pos > _after);
  END IF;
  SELECT COALESCE(max(pos), 0) INTO _end FROM "public"."dwd_jobs" WHERE lane_id = _lane;
  IF _next IS NULL THEN
    _low := _end;
    _high := _end + 2;
  ELSE
    _low := COALESCE(_after, _next - 1);
    _high := _next;
  END IF;
  -- The n-th job goes at low + (high - low) * n / (count + 1): in order, strictly between its neighbours.
  INSERT INTO "public"."dwd_jobs" (lane_id, job_id, delivery_id, body, pos)
    SELECT _lane, j->>'id', j->>'deliveryId', j, _low + (_high - _low) * n / (_count + 1)
    FROM jsonb_array_elements(_jobs) WITH ORDINALITY AS x(j, n) ORDER BY n;
  INSERT INTO "public"."dwd_deliveries" (delivery_id, lane_id, idempotency_key, remaining, outcome)
    VALUES (_delivery, _lane, _key, _count, _outcome) ON CONFLICT (delivery_id) DO NOTHING;
  INSERT INTO "public"."dwd_lanes" AS l (lane_id, due_at) VALUES (_lane, now())
    ON CONFLICT (lane_id) DO UPDATE SET kicked = true, due_at = CASE WHEN l.owner IS NULL THEN COALESCE(l.due_at, now()) ELSE l.due_at END;
  PERFORM pg_notify('dwd_events', 'w:' || _lane);
  RETURN 'ok';
END $fn$;
