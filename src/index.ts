/**
 * discord-webhook-dispatcher: get your product's events into Discord.
 * @packageDocumentation
 */
export * from "./errors.js";
export * from "./types.js";
export * from "./discord/index.js";
export * from "./webhooks/index.js";
export * from "./http/index.js";
export * from "./embeds/index.js";
export * from "./transports/fetch.js";
export { createDispatcher } from "./dispatcher.js";
export { audienceScopes, PUBLIC_BY_DEFAULT } from "./dispatcher-routing.js";
export type * from "./dispatcher-types.js";
export { memoryQueue, type DeliveryQueue, type QueuedEmbed } from "./delivery/queue.js";
export { backoffDelay, DEFAULT_RETRY } from "./delivery/backoff.js";
export type * from "./delivery/types.js";
