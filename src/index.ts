/**
 * discord-webhook-dispatcher: get your product's events into Discord.
 * @packageDocumentation
 */
export * from "./errors.js";
export * from "./types.js";
export * from "./discord/index.js";
export * from "./embeds/index.js";
export * from "./transports/fetch.js";
