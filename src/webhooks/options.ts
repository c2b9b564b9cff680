/**
 * The one schema of `createWebhookManager`'s options, over the shared duration and count rules.
 */
import * as z from "zod";
import { count, durationMs, fn, parseOptions } from "../options.js";
import type { WebhookStore } from "../types.js";
import type { WebhookManagerOptions } from "./types.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

const managerOptions = z.looseObject({
  dispatcher: z.custom<WebhookManagerOptions["dispatcher"]>((v) => isObject(v) && typeof v.test === "function", { error: "is required: a dispatcher (an object with test())" }),
  store: z.custom<WebhookStore>((v) => isObject(v) && typeof v.getWebhook === "function", { error: "must be a WebhookStore" }).optional(),
  testCooldownMs: durationMs({ min: 0 }).optional(),
  enableCooldownMs: durationMs({ min: 0 }).optional(),
  maxWebhooksPerOwner: count({ noLimit: true }).optional(),
  now: fn<() => number>().optional(),
});

/**
 * Checks every option of `createWebhookManager`; throws a `ConfigError` naming each bad one.
 * `maxWebhooksPerOwner: Infinity` is the spelling of "no cap"; `testCooldownMs: 0` turns the cooldown off.
 */
export function parseManagerOptions(options: WebhookManagerOptions): WebhookManagerOptions {
  return { ...options, ...parseOptions(managerOptions, options, "createWebhookManager") };
}
