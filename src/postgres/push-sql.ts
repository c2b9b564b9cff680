/**
 * The push of a delivery's jobs into its lane as one PL/pgSQL function (part of schema.ts's DDL): one round trip
 * instead of nine statements, one transaction, under the lane's lock.
 */

/** The names the function uses (schema.ts's `Tables`). */
interface PushNames {
  push: string;
  jobs: string;
  deliveries: string;
  lanes: string;
  channel: string;
}

/**
 * `<prefix>push(lane, jobs, capacity, key, urgent, problem, delivery, outcome)` returns `'ok'`, `'full'` (the lane
 * holds `capacity` jobs) or `'dup:<delivery id>'` (a delivery of this lane has the idempotency key already). The jobs
 * go where src/delivery/priority.ts says, strictly between two positions: routine after the last job; urgent after the
 * last urgent job or job of its own problem and before the job that follows it (first when none is urgent), at the
 * end when nothing follows. Then the delivery's row, the lane's row (due now, or kicked when a worker owns it), and a
 * `w:<lane>` notification that wakes the workers.
 */
export function pushDdl(t: PushNames): string {
  const lockKey = `${t.jobs}:`.replace(/'/g, "''");
  return `CREATE OR REPLACE FUNCTION ${t.push}(_lane text, _jobs jsonb, _capacity integer, _key text, _urgent boolean, _problem text, _delivery text, _outcome jsonb)
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
  PERFORM pg_advisory_xact_lock(hashtext('${lockKey}' || _lane));
  IF _key IS NOT NULL THEN
    SELECT delivery_id INTO _dup FROM ${t.deliveries} WHERE lane_id = _lane AND idempotency_key = _key;
    IF FOUND THEN RETURN 'dup:' || _dup; END IF;
  END IF;
  SELECT count(*) INTO _held FROM ${t.jobs} WHERE lane_id = _lane;
  IF _held + _count > _capacity THEN RETURN 'full'; END IF;
  IF _urgent THEN
    SELECT max(pos) INTO _after FROM ${t.jobs} WHERE lane_id = _lane AND ((body->>'urgent')::boolean IS TRUE OR body->>'problem' = _problem);
    SELECT min(pos) INTO _next FROM ${t.jobs} WHERE lane_id = _lane AND (_after IS NULL OR pos > _after);
  END IF;
  SELECT COALESCE(max(pos), 0) INTO _end FROM ${t.jobs} WHERE lane_id = _lane;
  IF _next IS NULL THEN
    _low := _end;
    _high := _end + 2;
  ELSE
    _low := COALESCE(_after, _next - 1);
    _high := _next;
  END IF;
  -- The n-th job goes at low + (high - low) * n / (count + 1): in order, strictly between its neighbours.
  INSERT INTO ${t.jobs} (lane_id, job_id, delivery_id, body, pos)
    SELECT _lane, j->>'id', j->>'deliveryId', j, _low + (_high - _low) * n / (_count + 1)
    FROM jsonb_array_elements(_jobs) WITH ORDINALITY AS x(j, n) ORDER BY n;
  INSERT INTO ${t.deliveries} (delivery_id, lane_id, idempotency_key, remaining, outcome)
    VALUES (_delivery, _lane, _key, _count, _outcome) ON CONFLICT (delivery_id) DO NOTHING;
  INSERT INTO ${t.lanes} AS l (lane_id, due_at) VALUES (_lane, now())
    ON CONFLICT (lane_id) DO UPDATE SET kicked = true, due_at = CASE WHEN l.owner IS NULL THEN COALESCE(l.due_at, now()) ELSE l.due_at END;
  PERFORM pg_notify('${t.channel}', 'w:' || _lane);
  RETURN 'ok';
END $fn$;`;
}
