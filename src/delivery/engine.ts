/**
 * The delivery engine: one lane per webhook over a pluggable queue, one process-wide rate limiter, and a ledger
 * that turns lane events into one report per delivery. `deliver()` never rejects: every failure is in the report.
 */
import { parseWebhookUrl } from "../discord/webhook-url.js";
import { maskWebhookUrl } from "../discord/redact.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import { DeliveryRefusedError, DispatcherError, StoreError } from "../errors.js";
import { createStopper, sleep } from "./backoff.js";
import { createContext, newLane, type DeliveryEngineOptions, type EngineContext, type LaneState } from "./context.js";
import { kick } from "./lane.js";
import { disableLane } from "./outcome.js";
import type { QueuedEmbed } from "./queue.js";
import type { DeliveryFlags, DeliveryReport, DeliveryTarget, WireMessageOptions } from "./types.js";

export type { DeliveryEngineOptions } from "./context.js";

/** The engine. */
export interface DeliveryEngine {
  /** Queues `embeds` for one webhook; resolves with the report when all have settled. Never rejects. */
  deliver(target: DeliveryTarget, embeds: readonly DiscordEmbed[], message: WireMessageOptions, flags?: DeliveryFlags): Promise<DeliveryReport>;
  /** Whether the webhook was disabled in this process. */
  isDisabled(webhookId: string): boolean;
  /** Disables a webhook (store + process) and fails what is queued for it. */
  disable(target: DeliveryTarget, reason: string, error: DispatcherError): Promise<void>;
  /** Resolves when every queued delivery has settled. */
  flush(): Promise<void>;
  /** Refuses new work, waits up to `timeoutMs` for queued work, then fails the rest with `CLOSED`. */
  close(timeoutMs: number): Promise<void>;
  /** `true` once `close()` was called. */
  readonly closed: boolean;
}

/** Creates a delivery engine. */
export function createDeliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  const { stopper, stop } = createStopper();
  const ctx = createContext(options, stopper);
  const lanes = new Map<string, LaneState>();
  const idPrefix = Math.random().toString(36).slice(2, 10);
  let seq = 0;
  let closed = false;

  const laneFor = (target: DeliveryTarget): LaneState => {
    const parsed = parseWebhookUrl(target.webhookUrl);
    const lane = lanes.get(target.id) ?? newLane(target.id);
    lanes.set(target.id, lane);
    // The record may have changed since the lane was made: the latest one wins.
    Object.assign(lane, { name: target.name, discordId: parsed.id, url: parsed.url, urlThreadId: parsed.threadId, maskedUrl: maskWebhookUrl(parsed.url) });
    return lane;
  };

  const deliver: DeliveryEngine["deliver"] = (target, embeds, message, flags = {}) => {
    if (closed) return refuse(target, new DeliveryRefusedError("CLOSED", "The dispatcher is closed; delivery refused"));
    if (ctx.disabled.has(target.id)) {
      return refuse(target, new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${target.id}" was disabled in this process; delivery refused`));
    }
    if (embeds.length === 0) return Promise.resolve({ webhook: { id: target.id, name: target.name }, status: "delivered", messageIds: [], attempts: 0 });
    let lane: LaneState;
    try {
      lane = laneFor(target);
    } catch (error) {
      // A stored URL that does not parse fails this delivery with the typed (token-free) error; nothing is sent.
      return refuse(target, error instanceof DispatcherError ? error : new DeliveryRefusedError("WEBHOOK_DISABLED", "Stored webhook URL is unusable"));
    }
    const deliveryId = `${idPrefix}-${++seq}`;
    const packKey = JSON.stringify(message);
    const jobs: QueuedEmbed[] = embeds.map((embed) => ({ id: `${idPrefix}-${++seq}`, laneId: lane.id, deliveryId, embed, message, packKey, solo: flags.solo === true }));
    const report = ctx.ledger.open(deliveryId, target, jobs.map((j) => j.id));
    void enqueue(ctx, lane, jobs);
    return report.then((r) => reportFailure(ctx, lane, r));
  };

  return {
    deliver,
    isDisabled: (id) => ctx.disabled.has(id),
    async disable(target, reason, error) {
      let lane: LaneState;
      try {
        lane = laneFor(target);
      } catch {
        lane = { ...newLane(target.id), name: target.name };
      }
      await disableLane(ctx, lane, reason, error, []);
    },
    flush: () => ctx.ledger.idle(),
    async close(timeoutMs) {
      closed = true;
      if (await settlesWithin(ctx, timeoutMs)) return;
      stop();
      for (const id of lanes.keys()) await ctx.queue.drain(id);
      const error = new DeliveryRefusedError("CLOSED", `The dispatcher closed before this delivery settled (waited ${timeoutMs} ms)`);
      ctx.ledger.failed(ctx.ledger.openJobs(), error);
    },
    get closed() {
      return closed;
    },
  };
}

/** Pushes one delivery's jobs; a full lane or a failing queue fails the delivery instead. */
async function enqueue(ctx: EngineContext, lane: LaneState, jobs: QueuedEmbed[]): Promise<void> {
  const ids = jobs.map((j) => j.id);
  let pushed: boolean;
  try {
    pushed = await ctx.queue.push(lane.id, jobs, ctx.settings.maxQueuePerLane);
  } catch (error) {
    ctx.ledger.failed(ids, new StoreError("queue", "Could not queue the delivery", { cause: error }));
    return;
  }
  if (!pushed) {
    const cap = ctx.settings.maxQueuePerLane;
    ctx.ledger.failed(ids, new DeliveryRefusedError("QUEUE_OVERFLOW", `Queue of webhook "${lane.id}" is full (${cap} embeds); the newest delivery was refused`));
    return;
  }
  kick(ctx, lane);
}

function reportFailure(ctx: EngineContext, lane: LaneState, report: DeliveryReport): DeliveryReport {
  if (report.status === "failed" && report.error) {
    const webhook = { id: report.webhook.id, name: report.webhook.name, url: lane.maskedUrl };
    ctx.observer.log("error", "delivery failed", { webhook, error: report.error.message });
    ctx.observer.hook("onFailed", { webhook, error: report.error });
  }
  return report;
}

function refuse(target: DeliveryTarget, error: DispatcherError): Promise<DeliveryReport> {
  return Promise.resolve({ webhook: { id: target.id, name: target.name }, status: "failed", messageIds: [], attempts: 0, error });
}

/** `true` when every open delivery settles within `timeoutMs`. */
async function settlesWithin(ctx: EngineContext, timeoutMs: number): Promise<boolean> {
  const timer = createStopper();
  const timedOut = await Promise.race([ctx.ledger.idle().then(() => false), sleep(timeoutMs, timer.stopper).then(() => true)]);
  timer.stop();
  return !timedOut;
}
