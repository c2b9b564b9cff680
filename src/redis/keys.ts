/**
 * Every Redis key of one prefix, in one place. Keys hold store ids, Discord webhook and channel ids, and delivery
 * ids: never a webhook URL or token. Everything but the lane lists expires on its own.
 */

/** Key builders for a prefix. */
export interface Keys {
  readonly prefix: string;
  /** List of job ids waiting in a lane, oldest first. */
  queue(laneId: string): string;
  /** Hash job id -> job JSON of a lane. */
  jobs(laneId: string): string;
  /** Set of lane ids that hold jobs (the reconciler's work list). */
  readonly nonEmpty: string;
  /** Set by every push, cleared when a turn starts: work arrived during a turn, so run the lane again. */
  kick(laneId: string): string;
  /** The request a lane has in flight (owner + job ids), while it is in flight. */
  inFlight(laneId: string): string;
  /** Hash of an open or settled delivery (counts, report). Expires. */
  delivery(deliveryId: string): string;
  /** Idempotency key -> the delivery id first queued with it; `digest` hashes the lane id and the caller's key. */
  idempotency(digest: string): string;
  /** Pub/sub channel on which a process hears that its deliveries settled. */
  announce(origin: string): string;
  /** Prefix of the rate-limit keys (used inside the limiter scripts). */
  readonly limits: string;
}

/** Builds the keys of `prefix`. */
export function createKeys(prefix: string): Keys {
  return {
    prefix,
    queue: (laneId) => `${prefix}:q:${laneId}`,
    jobs: (laneId) => `${prefix}:j:${laneId}`,
    nonEmpty: `${prefix}:nonempty`,
    kick: (laneId) => `${prefix}:k:${laneId}`,
    inFlight: (laneId) => `${prefix}:fl:${laneId}`,
    delivery: (deliveryId) => `${prefix}:d:${deliveryId}`,
    idempotency: (digest) => `${prefix}:i:${digest}`,
    announce: (origin) => `${prefix}:done:${origin}`,
    limits: `${prefix}:rl`,
  };
}

/** BullMQ job ids may not contain ":" nor be integers: lane ids are encoded. */
export function laneJobId(laneId: string): string {
  return `lane-${encodeURIComponent(laneId)}`;
}
