/**
 * The testing kit: a local Discord-compatible server, a capturing transport and the store conformance suite.
 * @packageDocumentation
 */
export { CONFORMANCE_USER_IDS, runStoreConformance } from "./conformance/index.js";
export type { ConformanceHarness, RawWebhookRow, StoreConformanceOptions } from "./conformance/index.js";
export { createDiscordFake } from "./discord-fake/index.js";
export type {
  AddFakeWebhookInput,
  DiscordFake,
  DiscordFakeOptions,
  FakeFault,
  FakeMessage,
  FakeRateLimit,
  FakeRateLimitScope,
  FakeRequest,
  FakeStats,
  FakeWebhook,
  FaultHandle,
  InjectOptions,
} from "./discord-fake/index.js";
export { captureTransport } from "./capture.js";
export type { CaptureReply, CaptureResponder, CaptureTransport, CaptureTransportOptions, CapturedMessage, CapturedRequest } from "./capture.js";
