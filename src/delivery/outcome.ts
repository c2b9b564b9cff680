/**
 * What a lane does with each kind of answer: settle, wait out a 429, back off, disable the webhook, or split a
 * rejected packed message so one bad embed cannot sink its neighbours.
 */
import { redact } from "../discord/redact.js";
import { DeliveryRefusedError, type DispatcherError } from "../errors.js";
import { backoffDelay } from "./backoff.js";
import type { Outcome } from "./classify.js";
import { hookWebhook, type EngineContext, type LaneState } from "./context.js";
import type { LaneKey } from "./limiter.js";
import type { QueuedEmbed } from "./queue.js";

/** Acts on `outcome` for the message that carried `group`. */
export async function handleOutcome(ctx: EngineContext, lane: LaneState, key: LaneKey, group: readonly QueuedEmbed[], outcome: Outcome): Promise<void> {
  const ids = group.map((j) => j.id);
  switch (outcome.kind) {
    case "ok":
      await delivered(ctx, lane, group, outcome.messageId);
      return;
    case "rate-limited":
      await rateLimited(ctx, lane, key, ids, outcome);
      return;
    case "transient":
      await transient(ctx, lane, ids, outcome.error);
      return;
    case "disable":
      await disableLane(ctx, lane, outcome.reason, outcome.error, ids);
      return;
    case "rejected":
      if (ids.length > 1) {
        for (const id of ids) {
          const job = ctx.ledger.job(id);
          if (job) job.alone = true;
        }
        ctx.observer.log("warn", "packed message rejected; resending its embeds one by one", { webhook: hookWebhook(lane), status: outcome.status, embeds: ids.length });
        return;
      }
      await fail(ctx, lane, ids, outcome.error);
  }
}

/** Settles jobs as failed and takes them out of the queue. */
export async function fail(ctx: EngineContext, lane: LaneState, ids: readonly string[], error: DispatcherError): Promise<void> {
  if (ids.length === 0) return;
  await ctx.queue.remove(lane.id, ids);
  ctx.ledger.failed(ids, error);
}

async function delivered(ctx: EngineContext, lane: LaneState, group: readonly QueuedEmbed[], messageId: string | undefined): Promise<void> {
  const ids = group.map((j) => j.id);
  try {
    await ctx.store.markDelivered(lane.id, ctx.clock());
  } catch (error) {
    ctx.observer.log("warn", "store.markDelivered failed", { webhook: hookWebhook(lane), error: errorText(error) });
  }
  await ctx.queue.remove(lane.id, ids);
  ctx.ledger.delivered(ids, messageId);
  ctx.observer.log("debug", "message delivered", { webhook: hookWebhook(lane), messageId, embeds: ids.length });
  ctx.observer.hook("onDelivered", { webhook: hookWebhook(lane), messageId, embeds: ids.length, deliveries: new Set(group.map((j) => j.deliveryId)).size });
}

async function rateLimited(ctx: EngineContext, lane: LaneState, key: LaneKey, ids: readonly string[], outcome: Extract<Outcome, { kind: "rate-limited" }>): Promise<void> {
  ctx.limiter.block(key, outcome.scope, outcome.retryAfterMs, ctx.now());
  const event = { webhook: hookWebhook(lane), scope: outcome.scope, retryAfterMs: outcome.retryAfterMs, bucket: ctx.limiter.bucketOf(lane.id) };
  ctx.observer.log("warn", "rate limited by Discord", { ...event });
  ctx.observer.hook("onRateLimited", event);
  const exhausted = ids.filter((id) => {
    const job = ctx.ledger.job(id);
    if (!job) return false;
    job.rateLimits += 1;
    return job.rateLimits > ctx.settings.max429Retries;
  });
  await fail(ctx, lane, exhausted, outcome.error);
}

async function transient(ctx: EngineContext, lane: LaneState, ids: readonly string[], error: DispatcherError): Promise<void> {
  const failures = ids.map((id) => {
    const job = ctx.ledger.job(id);
    if (job) job.failures += 1;
    return job?.failures ?? Infinity;
  });
  const exhausted = ids.filter((_, i) => (failures[i] ?? Infinity) >= ctx.retry.attempts);
  await fail(ctx, lane, exhausted, error);
  if (exhausted.length === ids.length) return;
  const attempt = Math.max(...failures.filter((a) => a < ctx.retry.attempts));
  const delayMs = backoffDelay(attempt, ctx.retry);
  lane.notBefore = ctx.now() + delayMs;
  ctx.observer.log("warn", "transient failure; retrying", { webhook: hookWebhook(lane), attempt, delayMs, error: error.message });
  ctx.observer.hook("onRetry", { webhook: hookWebhook(lane), attempt, delayMs, error });
}

/**
 * Disables a webhook for good: in the store (with the reason), in this process, and fails everything queued
 * for it. `carrying` are the jobs of the request that got the answer; they fail with that answer's error.
 */
export async function disableLane(ctx: EngineContext, lane: LaneState, reason: string, error: DispatcherError, carrying: readonly string[]): Promise<void> {
  lane.disabled = true;
  ctx.disabled.add(lane.id);
  try {
    await ctx.store.disableWebhook(lane.id, reason);
  } catch (storeError) {
    ctx.observer.log("error", "store.disableWebhook failed", { webhook: hookWebhook(lane), error: errorText(storeError) });
  }
  await fail(ctx, lane, carrying, error);
  const rest = (await ctx.queue.drain(lane.id)).map((j) => j.id);
  const refused = new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${lane.id}" was disabled: ${reason}`, { cause: error });
  ctx.ledger.failed(rest, refused);
  ctx.observer.log("error", "webhook disabled", { webhook: hookWebhook(lane), reason, failedQueued: rest.length });
  ctx.observer.hook("onDisabled", { webhook: hookWebhook(lane), reason });
}

function errorText(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}
