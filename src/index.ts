/**
 * discord-webhook-dispatcher: get your product's events into Discord.
 * @packageDocumentation
 */
export * from "./errors.js";
export * from "./types.js";
export * from "./discord/index.js";
export * from "./webhooks/index.js";
export * from "./delivery-log/index.js";
export * from "./http/index.js";
export { MESSAGE_CSS, renderMessageHtml, type RenderableMessage, type RenderMessageOptions } from "./render/index.js";
export * from "./embeds/index.js";
export * from "./transports/fetch.js";
export { createDispatcher } from "./dispatcher/index.js";
export { audienceScopes, PUBLIC_BY_DEFAULT } from "./dispatcher/audience.js";
export type * from "./dispatcher/types.js";
export type * from "./dispatcher/edit-types.js";
export { memoryQueue, type MemoryQueueOptions } from "./delivery/memory-state.js";
export type {
  DeliveryOutcome,
  DeliveryState,
  LaneLease,
  LaneRun,
  LaneRunner,
  Learned,
  LimitAnswer,
  LimitPolicy,
  LimitRequest,
  LimitTicket,
  QueuedEmbed,
  SettledEmbeds,
} from "./delivery/state.js";
export { memoryIncidentState, type MemoryIncidentStateOptions } from "./incidents/memory.js";
export { INCIDENT_DEFAULTS } from "./incidents/types.js";
export type {
  IncidentCallOptions,
  IncidentOptions,
  IncidentRecord,
  IncidentState,
  IncidentStatus,
  Silence,
  SilenceInput,
  SilenceMatcher,
} from "./incidents/types.js";
export type { DeliveryAction, IncidentEvent, IncidentReport } from "./incidents/desk-types.js";
export { backoffDelay, DEFAULT_RETRY } from "./delivery/backoff.js";
export type * from "./delivery/types.js";
export type {
  AttemptHandle,
  AttemptResult,
  AttemptStartInfo,
  DeliveryHandle,
  DeliveryStartInfo,
  Instrumentation,
} from "./delivery/instrumentation.js";
