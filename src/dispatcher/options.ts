/**
 * The one schema of `createDispatcher`'s options and of `close()`'s: every number in range (timers never get more
 * than 2³¹ − 1 ms), every function a function. Branding and mentions keep their own Discord schemas.
 */
import * as z from "zod";
import type { DeliveryLog } from "../delivery-log/types.js";
import type { DeliveryState } from "../delivery/state.js";
import type { DeliveryHooks, Logger } from "../delivery/hooks.js";
import type { RateLimitOptions, RetryOptions } from "../delivery/tuning.js";
import { count, durationMs, fn, methods, parseOptions } from "../options.js";
import type { Transport, WebhookStore } from "../types.js";
import type { IncidentOptions } from "../incidents/types.js";
import type { DispatcherOptions } from "./types.js";

const store = z.custom<WebhookStore>(
  (v) => typeof v === "object" && v !== null && typeof (v as Partial<WebhookStore>).findWebhooks === "function" && typeof (v as Partial<WebhookStore>).getWebhook === "function",
  { error: "is required: a WebhookStore such as memoryStore(), prismaStore(prisma) or drizzleStore(db)" },
);
const transport = z.custom<Transport>((v) => typeof v === "object" && v !== null && typeof (v as Partial<Transport>).send === "function", { error: "must be a Transport (an object with a send function)" });
const queue = z.custom<DeliveryState>((v) => typeof v === "object" && v !== null && typeof (v as Partial<DeliveryState>).push === "function", { error: "must be a delivery state such as memoryQueue() or redisQueue()" });

const retry = z.object({
  attempts: count({ min: 1, max: 100 }).optional(),
  baseDelayMs: durationMs({ min: 0 }).optional(),
  maxDelayMs: durationMs({ min: 0 }).optional(),
  random: fn<() => number>().optional(),
}) satisfies z.ZodType<RetryOptions>;

const rateLimit = z.object({
  globalLimit: count().optional(),
  globalWindowMs: durationMs().optional(),
  channelLimit: count({ noLimit: true }).optional(),
  channelWindowMs: durationMs().optional(),
  marginMs: durationMs({ min: 0 }).optional(),
  max429Retries: count().optional(),
  maxQueuePerLane: count({ min: 1 }).optional(),
  invalidWebhookBackoffMs: durationMs({ min: 0 }).optional(),
  invalidRequestSlowAt: count({ noLimit: true }).optional(),
  invalidRequestRefuseAt: count({ noLimit: true }).optional(),
}) satisfies z.ZodType<RateLimitOptions>;

const incidents = z.object({
  repeatIntervalMs: durationMs().optional(),
  reopenWithinMs: durationMs().optional(),
  onResolve: z.enum(["edit", "edit-and-post"]).optional(),
  ttlMs: durationMs().optional(),
}) satisfies z.ZodType<IncidentOptions>;

/** `createDispatcher`'s options. Unknown keys pass through untouched. */
const dispatcherOptions = z.looseObject({
  store,
  transport: transport.optional(),
  logger: methods<Logger>().optional(),
  retry: retry.optional(),
  timeoutMs: durationMs().optional(),
  storeTimeoutMs: durationMs().optional(),
  now: fn<() => Date>().optional(),
  clock: fn<() => Date>().optional(),
  hooks: methods<DeliveryHooks>().optional(),
  rateLimit: rateLimit.optional(),
  queue: queue.optional(),
  worker: z.boolean().optional(),
  incidents: incidents.optional(),
  deliveryLog: z.custom<DeliveryLog>((v) => typeof v === "object" && v !== null && typeof (v as Partial<DeliveryLog>).append === "function" && typeof (v as Partial<DeliveryLog>).list === "function" && typeof (v as Partial<DeliveryLog>).get === "function", { error: "must be a DeliveryLog such as memoryDeliveryLog() (append, list and get)" }).optional(),
});

/** Checks every option of `createDispatcher` (branding and mentions have their own schemas); throws `ConfigError`. */
export function parseDispatcherOptions(options: DispatcherOptions): DispatcherOptions {
  return { ...options, ...parseOptions(dispatcherOptions, options, "createDispatcher") };
}

const closeOptions = z.object({ timeoutMs: durationMs({ min: 0, noLimit: true }).optional() }).optional();

/** `close()`'s grace in ms: default 10 000; `Infinity` waits for everything, however long. Throws `ConfigError`. */
export function parseCloseTimeout(options: unknown): number {
  return parseOptions(closeOptions, options, "close")?.timeoutMs ?? 10_000;
}
