/**
 * The lease part of the delivery state port (src/delivery/state.ts): the right to send for one lane, and the runner
 * that drains a lane while holding it.
 */
import type { LimitPolicy, LimitRequest, LimitTicket } from "./state-limits.js";

/** The right to send for one lane, held while a {@link LaneRunner} runs. */
export interface LaneLease {
  readonly laneId: string;
  /**
   * Deliveries whose message the previous holder may have had in flight when it died (a shared state adopting a
   * crashed process's lane); resending them may post twice. The engine reports each through `onPossibleDuplicate`.
   */
  readonly possibleDuplicates?: readonly string[];
  /**
   * Extends the lease; called right before each send with the ids of the jobs that request carries. `false` once the
   * lease is lost: the holder MUST NOT send and should return at once. An implementation shared by several processes
   * may mark `sending` as in flight, so that a process adopting the lane after a crash can report those jobs as
   * possible duplicates (a settled job is no longer in flight).
   */
  renew(sending?: readonly string[]): Promise<boolean>;
  /**
   * Optional, for a state whose round trips are costly: takes a slot as `RateLimiter.take` does and, only when one is
   * granted, renews the lease marking `sending` in flight as `renew(sending)` does, in one round trip. `slot` is what
   * `take` would give; `owned` is what `renew` would give (`false` when no slot was granted). A slot granted while the
   * lease is lost MUST be given back by the caller (learn with no answer), as after a `take` then a failed `renew`.
   */
  takeAndRenew?(request: LimitRequest, policy: LimitPolicy, sending: readonly string[]): Promise<{ slot: LimitTicket | number; owned: boolean }>;
}

/**
 * What a lane run reports when it returns: nothing left, or work that must wait. `slotOf` names the request whose take
 * was told to wait (the wait is for a rate limit): a state that can wake the lane when that budget frees MAY do so
 * instead of waiting `retryInMs`; every other state ignores it.
 */
export type LaneRun = { idle: true } | { idle: false; retryInMs: number; slotOf?: LimitRequest };

/**
 * Drains one lane while holding its lease. Never rejects. A state may call it again with the same lease after a short
 * wait it reported (the turn goes on without a new claim); the runner may then reuse the jobs it read under that
 * lease, since only the lease's holder removes a lane's jobs.
 */
export type LaneRunner = (lease: LaneLease) => Promise<LaneRun>;
