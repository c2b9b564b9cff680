/**
 * The testing kit: a local Discord-compatible server with an inbox page, `renderMessageHtml`, a capturing
 * transport, and the conformance suites of the store, the delivery log and the state ports (delivery state, rate
 * limits, incident state; their types are in `discord-webhook-dispatcher/state`).
 * @packageDocumentation
 */
export { CONFORMANCE_USER_IDS, runStoreConformance } from "./conformance/index.js";
export type { ConformanceHarness, RawWebhookRow, StoreConformanceOptions } from "./conformance/index.js";
export { runDeliveryLogConformance, sampleEntry } from "./conformance-log/index.js";
export type { DeliveryLogConformanceOptions } from "./conformance-log/index.js";
export { createDiscordFake } from "./discord-fake/index.js";
export type {
  AddFakeWebhookInput,
  DiscordFake,
  DiscordFakeOptions,
  FakeAttachment,
  FakeChannelType,
  FakeDispatcherOptions,
  FakeFault,
  FakeForumPost,
  FakeForumTag,
  FakeMessage,
  FakeMessageEdit,
  FakeOldMessageEdits,
  FakeRateLimit,
  FakeRateLimitScope,
  FakeRequest,
  FakeStats,
  FakeWebhook,
  FaultHandle,
  InjectOptions,
} from "./discord-fake/index.js";
export { INBOX_STATE_VERSION, readInboxState } from "./inbox/state.js";
export type { InboxState, InboxStateEntry, InboxStateMessage, InboxStateWebhook, ReadInboxStateOptions } from "./inbox/state.js";
// Moved to the core renderer (exported from the package itself too); kept here for compatibility.
export { renderMessageHtml } from "../render/index.js";
export type { RenderableMessage, RenderMessageOptions } from "../render/index.js";
export { captureTransport } from "./capture.js";
export type { CaptureReply, CaptureResponder, CaptureTransport, CaptureTransportOptions, CapturedMessage, CapturedRequest } from "./capture.js";
export { runDeliveryStateConformance, sampleJobs } from "./ports/delivery-state.js";
export type { DeliveryStateConformanceOptions } from "./ports/delivery-state.js";
export { runLimitsConformance } from "./ports/limits.js";
export { runOutcomesConformance } from "./ports/outcomes.js";
export type { OutcomesConformanceOptions } from "./ports/outcomes.js";
export type { LimitsConformanceOptions } from "./ports/limits.js";
export { runIncidentStateConformance, sampleIncidentRecord } from "./ports/incidents.js";
export type { IncidentStateConformanceOptions } from "./ports/incidents.js";
