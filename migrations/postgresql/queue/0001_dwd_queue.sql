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
CREATE TABLE IF NOT EXISTS "public"."dwd_silences" (
  id text PRIMARY KEY,
  -- Epoch milliseconds, as the silence says.
  ends_at bigint NOT NULL,
  body jsonb NOT NULL
);
