/**
 * `discord-webhook-dispatcher/state`: the ports a delivery state implements (the lane queue and its scheduling, the
 * rate limits, the outcomes) and the incident-state port, with the in-process implementations to wrap or compare
 * against. For authors of a state (Redis, PostgreSQL, NATS...); prove one with the conformance suites of
 * `discord-webhook-dispatcher/testing` (`runDeliveryStateConformance`, `runLimitsConformance`, `runIncidentStateConformance`).
 * @packageDocumentation
 */

// The delivery-state port: the lane queue (jobs, leases, scheduling), the rate limiter and the outcome book it extends.
export type {
  CompletedDelivery,
  DeliveryOutcome,
  DeliveryState,
  LaneLease,
  LaneQueue,
  LaneRun,
  LaneRunner,
  LogTag,
  OutcomeBook,
  QueuedEmbed,
  RateLimiter,
  SettledEmbeds,
} from "./delivery/state.js";

// The outbox port: events written inside the host's transaction (`{ tx }`), relayed once committed.
export type { Outbox, OutboxEntry, OutboxTransaction } from "./delivery/outbox.js";

// The rate-limit port's requests, tickets and answers.
export type { Learned, LimitAnswer, LimitPolicy, LimitRequest, LimitTicket } from "./delivery/state-limits.js";

// The in-process delivery state (also exported from the package root).
export { memoryQueue } from "./delivery/memory-state.js";
export type { MemoryQueueOptions } from "./delivery/memory-state.js";

// The incident-state port: one record per webhook and problem key, compare-and-set writes, silences.
export type { IncidentRecord, IncidentStatus, Silence, SilenceMatcher } from "./incidents/types.js";
export type { IncidentState } from "./incidents/port.js";

// The in-process incident state (also exported from the package root).
export { memoryIncidentState } from "./incidents/memory.js";
export type { MemoryIncidentStateOptions } from "./incidents/memory.js";
