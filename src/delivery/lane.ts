/**
 * A lane: one webhook's queue, drained by one runner at a time (the lease), one request in flight, order kept. A
 * turn reads the head of the queue, asks the store's record (cached briefly), packs what may share a message (equal
 * options, ≤ 10 embeds, ≤ 6000 characters: what arrived while the lane waited rides along), takes a slot from the
 * rate-limit state, sends, and acts on the answer. When it must wait it hands the lane back with the wait.
 * The lane owns its state: per-embed counters, its backoff, what it has in flight.
 */
import { packBy } from "../discord/pack.js";
import { redact } from "../discord/redact.js";
import type { DiscordMessage } from "../discord/schemas.js";
import { DeliveryRefusedError, type DispatcherError } from "../errors.js";
import { backoffDelay, type RetrySettings } from "./backoff.js";
import type { Observer } from "./observe.js";
import { exchange, str, type Outcome, type RequestDeps } from "./request.js";
import type { LaneLease, LaneRun, LimitTicket, QueuedEmbed, SettledEmbeds } from "./state.js";
import type { WireMessageOptions } from "./types.js";
import type { Target, Webhooks } from "./webhooks.js";

/** More than one message's worth never needs to be looked at. */
const PEEK = 10;
const IDLE: LaneRun = { idle: true };

/** What a lane needs from the engine. */
export interface LaneDeps {
  request: RequestDeps;
  webhooks: Webhooks;
  retry: RetrySettings;
  max429Retries: number;
  observer: Observer;
}

interface Counters {
  /** Requests that carried the embed. */
  attempts: number;
  /** Transient failures (5xx, network, timeout); 429s are counted apart. */
  failures: number;
  rateLimits: number;
  /** Must go alone: a packed message that carried it was rejected. */
  alone: boolean;
}

/** One lane. */
export interface Lane {
  /** Drains the lane while `lease` holds. Never rejects. */
  run(lease: LaneLease): Promise<LaneRun>;
  /** Jobs whose request is in flight (close leaves them to the lane, which settles them itself). */
  readonly inFlight: ReadonlySet<string>;
}

/** Creates the lane of webhook `id` (its store id). */
export function createLane(id: string, deps: LaneDeps): Lane {
  const { state, stop } = deps.request;
  const counters = new Map<string, Counters>();
  const inFlight = new Set<string>();
  let notBefore = 0;

  const count = (job: QueuedEmbed): Counters => {
    let c = counters.get(job.id);
    if (!c) {
      c = { attempts: 0, failures: 0, rateLimits: 0, alone: false };
      counters.set(job.id, c);
    }
    return c;
  };

  /** Settles jobs (grouped by delivery), forgetting their counters; the caller records the parts. */
  const parts = (jobs: readonly QueuedEmbed[], status: "delivered" | "failed", extra: Pick<SettledEmbeds, "messageId" | "lastStatus" | "error">): SettledEmbeds[] => {
    const byDelivery = new Map<string, SettledEmbeds & { jobIds: string[] }>();
    for (const job of jobs) {
      const attempts = counters.get(job.id)?.attempts ?? 0;
      counters.delete(job.id);
      const part = byDelivery.get(job.deliveryId);
      if (part) {
        part.jobIds.push(job.id);
        part.attempts = Math.max(part.attempts, attempts);
      } else byDelivery.set(job.deliveryId, { deliveryId: job.deliveryId, jobIds: [job.id], status, attempts, ...extra });
    }
    return [...byDelivery.values()];
  };

  const fail = async (jobs: readonly QueuedEmbed[], error: DispatcherError, lastStatus?: number): Promise<void> => {
    if (jobs.length === 0) return;
    await state.remove(id, jobs.map((j) => j.id));
    await state.settle(parts(jobs, "failed", { error, lastStatus }));
  };

  /** The next message: the head, plus what may share it, packed to Discord's limits. */
  const pick = (head: readonly QueuedEmbed[]): QueuedEmbed[] => {
    const first = head[0];
    if (!first || count(first).alone) return first ? [first] : [];
    const run: QueuedEmbed[] = [];
    for (const job of head) {
      if (count(job).alone || !sameMessage(job.message, first.message)) break;
      // A solo delivery (a test message) shares its message with nobody else.
      if ((first.solo || job.solo) && job.deliveryId !== first.deliveryId) break;
      run.push(job);
    }
    return packBy(run, (j) => j.embed)[0] ?? [first];
  };

  const send = async (target: Target, group: QueuedEmbed[], ticket: LimitTicket): Promise<void> => {
    const first = group[0];
    if (!first) return;
    const { thread_id: threadOption, ...message } = first.message;
    const threadId = threadOption ?? target.threadId;
    const query = threadId === undefined ? "?wait=true" : `?wait=true&thread_id=${encodeURIComponent(threadId)}`;
    const body: DiscordMessage = { ...message, embeds: group.map((j) => j.embed) };
    for (const job of group) {
      count(job).attempts += 1;
      inFlight.add(job.id);
    }
    const { outcome, learned } = await exchange(deps.request, ticket, { method: "POST", url: target.url + query, maskedUrl: target.view.url + query, body });
    for (const job of group) inFlight.delete(job.id);
    if (stop.stopped && outcome.kind !== "ok") {
      const closed = new DeliveryRefusedError("CLOSED", "The dispatcher closed before Discord answered; the message may or may not have been posted");
      await fail(group, closed, outcome.status);
      return;
    }
    await act(target, group, outcome, learned.bucket);
  };

  const act = async (target: Target, group: QueuedEmbed[], outcome: Outcome, bucket: string | undefined): Promise<void> => {
    const { observer } = deps;
    const webhook = target.view;
    switch (outcome.kind) {
      case "ok": {
        await state.remove(id, group.map((j) => j.id));
        const messageId = str(outcome.body?.id);
        const settled = parts(group, "delivered", { messageId, lastStatus: outcome.status });
        observer.log("debug", "message delivered", { webhook, messageId, embeds: group.length });
        observer.hook("onDelivered", { webhook, messageId, embeds: group.length, deliveries: settled.length });
        // Discord has the message: it is delivered whatever the store does. The lane moves on; the report waits
        // for the store write only up to its deadline.
        void deps.webhooks.delivered(target).then(() => state.settle(settled));
        return;
      }
      case "rate-limited": {
        const event = { webhook, scope: outcome.scope, retryAfterMs: outcome.retryAfterMs, bucket };
        observer.log("warn", "rate limited by Discord", { ...event });
        observer.hook("onRateLimited", event);
        await fail(group.filter((j) => ++count(j).rateLimits > deps.max429Retries), outcome.error, 429);
        return;
      }
      case "transient": {
        const exhausted = group.filter((j) => ++count(j).failures >= deps.retry.attempts);
        await fail(exhausted, outcome.error, outcome.status);
        const left = group.filter((j) => !exhausted.includes(j));
        if (left.length === 0) return;
        const attempt = Math.max(...left.map((j) => count(j).failures));
        const delayMs = backoffDelay(attempt, deps.retry);
        notBefore = performance.now() + delayMs;
        observer.log("warn", "transient failure; retrying", { webhook, attempt, delayMs, error: outcome.error.message });
        observer.hook("onRetry", { webhook, attempt, delayMs, error: outcome.error });
        return;
      }
      case "disable": {
        const carried = new Set(group.map((j) => j.id));
        const rest = (await state.drain(id)).filter((j) => !carried.has(j.id));
        const refused = new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${id}" was disabled: ${outcome.reason}`, { cause: outcome.error });
        const settled = [...parts(group, "failed", { error: outcome.error, lastStatus: outcome.status }), ...parts(rest, "failed", { error: refused })];
        observer.log("warn", "Discord rejected the webhook itself; disabling it", { webhook, status: outcome.status, failedQueued: rest.length });
        void deps.webhooks.disable(target, outcome.reason).then(() => state.settle(settled));
        return;
      }
      case "rejected":
        if (group.length > 1) {
          for (const job of group) count(job).alone = true;
          observer.log("warn", "packed message rejected; resending its embeds one by one", { webhook, status: outcome.status, embeds: group.length });
          return;
        }
        await fail(group, outcome.error, outcome.status);
    }
  };

  const refuseAll = async (error: DispatcherError): Promise<void> => {
    const jobs = await state.drain(id);
    if (jobs.length > 0) await state.settle(parts(jobs, "failed", { error }));
  };

  return {
    inFlight,
    async run(lease) {
      try {
        while (!stop.stopped) {
          const head = await state.head(id, PEEK);
          if (head.length === 0) {
            counters.clear();
            return IDLE;
          }
          const wait = notBefore - performance.now();
          if (wait > 0) return { idle: false, retryInMs: wait };
          const found = await deps.webhooks.lookup(id);
          if ("retryInMs" in found) return { idle: false, retryInMs: found.retryInMs };
          if ("refused" in found) {
            await refuseAll(found.refused);
            continue;
          }
          const group = pick(head);
          const slot = await state.take({ webhookId: found.target.discordId, method: "POST" }, deps.request.policy);
          if (typeof slot === "number") return { idle: false, retryInMs: slot };
          if (!(await lease.renew())) {
            await state.learn(slot, { status: undefined, headers: {} }, deps.request.policy);
            return IDLE;
          }
          await send(found.target, group, slot);
        }
      } catch (error) {
        deps.observer.log("error", "lane failed; retrying shortly", { webhook: { id }, error: redact(error instanceof Error ? error.message : String(error)) });
        return { idle: false, retryInMs: 1000 };
      }
      return IDLE;
    },
  };
}

/** Whether two deliveries' message options are equal, so their embeds may share a message. */
function sameMessage(a: WireMessageOptions, b: WireMessageOptions): boolean {
  if (a === b) return true;
  return (
    a.username === b.username &&
    a.avatar_url === b.avatar_url &&
    a.thread_id === b.thread_id &&
    a.content === b.content &&
    JSON.stringify(a.allowed_mentions) === JSON.stringify(b.allowed_mentions)
  );
}
