/**
 * Shared state of one delivery engine, handed to lanes and outcome handlers.
 */
import type { Transport, WebhookStore } from "../types.js";
import { retrySettings, type RetrySettings, type Stopper } from "./backoff.js";
import { createLedger, type Ledger } from "./ledger.js";
import { createRateLimiter, type RateLimiter } from "./limiter.js";
import { createObserver, type Observer } from "./observe.js";
import { memoryQueue, type DeliveryQueue } from "./queue.js";
import type { DeliveryHooks, HookWebhook, Logger, RateLimitOptions, RetryOptions } from "./types.js";

/** Options of `createDeliveryEngine`. */
export interface DeliveryEngineOptions {
  transport: Transport;
  store: Pick<WebhookStore, "markDelivered" | "disableWebhook">;
  /** Default {@link memoryQueue}. */
  queue?: DeliveryQueue;
  retry?: RetryOptions;
  rateLimit?: RateLimitOptions;
  /** Deadline of one HTTP attempt. Default 15 000 ms. */
  timeoutMs?: number;
  logger?: Logger;
  hooks?: DeliveryHooks;
  /** Wall clock for `markDelivered`. Default `() => new Date()`. */
  clock?: () => Date;
}

/** One lane: the webhook it sends to and whether its loop runs. */
export interface LaneState {
  /** Store id. */
  id: string;
  name: string;
  /** Discord's webhook id. */
  discordId: string;
  /** Canonical execute URL without query. Secret. */
  url: string;
  /** Thread named by the stored URL. */
  urlThreadId: string | undefined;
  /** `url` with the token masked. */
  maskedUrl: string;
  running: boolean;
  /** Work arrived while the loop was finishing: run again. */
  rekick: boolean;
  disabled: boolean;
  /** Backoff: no send before this time (engine clock, ms). */
  notBefore: number;
}

/** Resolved engine settings. */
export interface EngineSettings {
  timeoutMs: number;
  max429Retries: number;
  maxQueuePerLane: number;
}

/** Everything a lane needs. */
export interface EngineContext {
  transport: Transport;
  queue: DeliveryQueue;
  limiter: RateLimiter;
  ledger: Ledger;
  observer: Observer;
  retry: RetrySettings;
  settings: EngineSettings;
  store: Pick<WebhookStore, "markDelivered" | "disableWebhook">;
  /** Wall clock for `markDelivered`. */
  clock: () => Date;
  /** Monotonic milliseconds for waits. */
  now: () => number;
  /** Aborts every wait when the engine gives up on remaining work. */
  stop: Stopper;
  /** Webhooks disabled in this process: never called again. */
  disabled: Set<string>;
}

/** The token-free view of a lane for hooks. */
export function hookWebhook(lane: LaneState): HookWebhook {
  return { id: lane.id, name: lane.name, url: lane.maskedUrl };
}

/** Builds an engine's shared state from its options, with defaults applied. */
export function createContext(options: DeliveryEngineOptions, stopper: Stopper): EngineContext {
  const rl = options.rateLimit ?? {};
  return {
    transport: options.transport,
    queue: options.queue ?? memoryQueue(),
    limiter: createRateLimiter({
      globalLimit: rl.globalLimit ?? 50,
      globalWindowMs: rl.globalWindowMs ?? 1000,
      // Unknown until Discord's first shared 429 on a channel teaches it (see RateLimitOptions.channelLimit).
      channelLimit: rl.channelLimit !== undefined && rl.channelLimit > 0 ? rl.channelLimit : Infinity,
      channelWindowMs: rl.channelWindowMs ?? 60_000,
      marginMs: rl.marginMs ?? 50,
    }),
    ledger: createLedger(),
    observer: createObserver(options.logger, options.hooks),
    retry: retrySettings(options.retry),
    settings: { timeoutMs: options.timeoutMs ?? 15_000, max429Retries: rl.max429Retries ?? 10, maxQueuePerLane: rl.maxQueuePerLane ?? 1000 },
    store: options.store,
    clock: options.clock ?? (() => new Date()),
    now: () => performance.now(),
    stop: stopper,
    disabled: new Set(),
  };
}

/** A lane before its first target is known. */
export function newLane(id: string): LaneState {
  return { id, name: id, discordId: "", url: "", urlThreadId: undefined, maskedUrl: "", running: false, rekick: false, disabled: false, notBefore: 0 };
}
