/**
 * The delivery engine: per-webhook lanes, learned rate limits, coalescing, retries and permanent-failure handling.
 * @module
 */
export { createDeliveryEngine, type DeliveryEngine, type DeliveryEngineOptions } from "./engine.js";
export { memoryQueue, type DeliveryQueue, type QueuedEmbed } from "./queue.js";
export { backoffDelay, DEFAULT_RETRY } from "./backoff.js";
export type * from "./types.js";
export { probeWebhook, type WebhookProbe } from "./verify.js";
