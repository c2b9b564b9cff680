/**
 * A lane's loop: one request in flight per webhook, so order holds. Each turn waits for the rate limiter,
 * then packs the head of the queue (contiguous embeds with identical message options, ≤ 10 embeds and ≤ 6000
 * characters) into one message. Embeds that arrived while the lane waited ride along: that is the coalescing.
 */
import { packBy } from "../discord/pack.js";
import type { DiscordMessage } from "../discord/schemas.js";
import { DispatcherError, TransportError } from "../errors.js";
import type { TransportResponse } from "../types.js";
import { sleep } from "./backoff.js";
import { classify, sendWithTimeout, type Outcome } from "./classify.js";
import { hookWebhook, type EngineContext, type LaneState } from "./context.js";
import type { LaneKey } from "./limiter.js";
import { handleOutcome } from "./outcome.js";
import type { QueuedEmbed } from "./queue.js";

/** More than one message's worth never needs to be looked at. */
const PEEK = 10;

/** Starts the lane's loop unless it runs; a running loop is told to look again before it stops. */
export function kick(ctx: EngineContext, lane: LaneState): void {
  if (lane.running) {
    lane.rekick = true;
    return;
  }
  lane.running = true;
  // setImmediate lets every event dispatched in the same tick be queued before the first send, so a burst
  // starts packed, while a quiet lane still sends without measurable delay.
  setImmediate(() => void loop(ctx, lane));
}

async function loop(ctx: EngineContext, lane: LaneState): Promise<void> {
  try {
    do {
      lane.rekick = false;
      await drain(ctx, lane);
    } while (runAgain(ctx, lane));
  } catch (error) {
    ctx.observer.log("error", "lane loop failed", { webhook: hookWebhook(lane), error: error instanceof Error ? error.message : String(error) });
  } finally {
    lane.running = false;
  }
}

/** Work arrived while the last turn finished (the flag is set from outside the loop). */
function runAgain(ctx: EngineContext, lane: LaneState): boolean {
  return lane.rekick && !lane.disabled && !ctx.stop.stopped;
}

async function drain(ctx: EngineContext, lane: LaneState): Promise<void> {
  while (!lane.disabled && !ctx.stop.stopped) {
    // Read each turn: a newer record of the webhook may point the lane at another Discord webhook.
    const key: LaneKey = { laneId: lane.id, discordId: lane.discordId };
    const head = (await ctx.queue.peek(lane.id, PEEK)).filter((j) => ctx.ledger.job(j.id) !== undefined);
    if (head.length === 0) return;
    const now = ctx.now();
    const wait = Math.max(ctx.limiter.check(key, now), lane.notBefore - now);
    if (wait > 0) {
      await sleep(wait, ctx.stop);
      continue;
    }
    const group = pickGroup(ctx, head);
    await send(ctx, lane, key, group);
  }
}

/** The embeds of the next message: the head, plus what may share its message, packed to Discord's limits. */
function pickGroup(ctx: EngineContext, head: readonly QueuedEmbed[]): QueuedEmbed[] {
  const first = head[0];
  if (!first) return [];
  if (ctx.ledger.job(first.id)?.alone) return [first];
  const run: QueuedEmbed[] = [];
  for (const job of head) {
    if (job.packKey !== first.packKey || ctx.ledger.job(job.id)?.alone) break;
    // A solo delivery (a test message) shares its message with nobody else.
    if ((first.solo || job.solo) && job.deliveryId !== first.deliveryId) break;
    run.push(job);
  }
  return packBy(run, (j) => j.embed)[0] ?? [first];
}

async function send(ctx: EngineContext, lane: LaneState, key: LaneKey, group: QueuedEmbed[]): Promise<void> {
  const first = group[0];
  if (!first) return;
  const ids = group.map((j) => j.id);
  const { thread_id: threadOption, ...message } = first.message;
  const threadId = threadOption ?? lane.urlThreadId;
  const query = threadId === undefined ? "?wait=true" : `?wait=true&thread_id=${encodeURIComponent(threadId)}`;
  const body: DiscordMessage = { ...message, embeds: group.map((j) => j.embed) };
  const reservation = ctx.limiter.reserve(key);
  ctx.ledger.attempt(ids);
  let outcome: Outcome;
  let response: TransportResponse | undefined;
  try {
    response = await sendWithTimeout(ctx.transport, { method: "POST", url: lane.url + query, body }, ctx.settings.timeoutMs, lane.maskedUrl + query, ctx.stop);
    outcome = classify(response, lane.maskedUrl + query);
  } catch (error) {
    const err = error instanceof DispatcherError ? error : new TransportError("Request failed", lane.maskedUrl);
    outcome = { kind: "transient", status: undefined, error: err };
  }
  const channelId = outcome.kind === "ok" ? outcome.channelId : undefined;
  ctx.limiter.settle(key, reservation, { headers: response?.headers ?? {}, channelId, status: response?.status }, ctx.now());
  ctx.ledger.status(ids, outcome.status);
  await handleOutcome(ctx, lane, key, group, outcome);
}
