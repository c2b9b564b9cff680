/**
 * A lane: one webhook's queue, drained by one runner at a time (the lease), one request in flight, order kept. A
 * turn reads the head of the queue, asks the store's record (cached briefly), packs what may share a message (equal
 * options, ≤ 10 embeds, ≤ 6000 characters: what arrived while the lane waited rides along), takes a slot from the
 * rate-limit state, sends, and acts on the answer. When it must wait it hands the lane back with the wait.
 * The lane owns its state: per-embed counters and packing (lane-jobs.ts), its backoff, what it has in flight.
 */
import { DISCORD_ERROR_CODES, DISCORD_LIMITS } from "../discord/limits.js";
import { redact } from "../discord/redact.js";
import { truncate } from "../discord/text.js";
import type { DiscordEmbed, DiscordMessage } from "../discord/schemas.js";
import { DeliveryRefusedError, type DispatcherError } from "../errors.js";
import { backoffDelay, type RetrySettings } from "./backoff.js";
import { attemptResult } from "./instrumentation.js";
import { JobBook } from "./lane-jobs.js";
import type { Observer } from "./observe.js";
import { exchange, str, type Outcome, type RequestDeps } from "./request.js";
import type { LaneLease, LaneRun, LimitTicket, QueuedEmbed, SettledEmbeds } from "./state.js";
import type { Target, Webhooks } from "./webhooks.js";

/** More than one message's worth never needs to be looked at. */
const PEEK = 10;
const IDLE: LaneRun = { idle: true };
const NO_TRACES: readonly string[] = Object.freeze([]);

/** What a lane needs from the engine. */
export interface LaneDeps {
  request: RequestDeps;
  webhooks: Webhooks;
  retry: RetrySettings;
  max429Retries: number;
  observer: Observer;
  /** Records outcome parts of `jobs` and hands the deliveries they complete to the delivery log (the engine's). */
  settle(parts: SettledEmbeds[], jobs: readonly QueuedEmbed[]): Promise<void>;
  /**
   * Discord webhook ids learned (from a 400 code 220001) to post to a forum or media channel: a message that names
   * no thread opens a post of its own. Kept by the engine for as long as the process runs.
   */
  forums: Set<string>;
  /** Told of each message posted with a problem's embed in it (the engine's `onPosted`). */
  posted: ((posted: PostedMessage) => void) | undefined;
}

/** A message a lane posted: its webhook's store id, the message's id and its embeds, in order, as sent. */
export interface PostedMessage {
  webhookId: string;
  messageId: string;
  embeds: DiscordEmbed[];
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
  return new WebhookLane(id, deps);
}

/**
 * A lane as one object: its state in fields, its steps as methods (shared by every lane, so a fan-out to thousands
 * of webhooks holds one small object per lane, not a set of closures).
 */
class WebhookLane implements Lane {
  readonly inFlight = new Set<string>();
  private readonly jobs = new JobBook();
  /** Not before this `performance.now()` time: the backoff after a transient failure. */
  private notBefore = 0;
  /**
   * The head read under a lease whose take had to wait: a run with that same lease (the state slept the wait inside
   * the turn) sends it without reading the queue again. Jobs queued meanwhile ride in the next message.
   */
  private waited: { lease: LaneLease; head: QueuedEmbed[] } | undefined;

  constructor(
    private readonly id: string,
    private readonly deps: LaneDeps,
  ) {}

  /** Whether the dispatcher is closing (a method, not the property: the flag flips while the lane awaits). */
  private closing(): boolean {
    return this.deps.request.stop.stopped;
  }

  /** Records outcome parts after the lane moved on; a state that fails here is logged, never thrown. */
  private record(settled: SettledEmbeds[], list: readonly QueuedEmbed[]): Promise<void> {
    return this.deps.settle(settled, list).catch((error: unknown) => {
      this.deps.observer.log("error", "could not record delivery outcomes", { webhook: { id: this.id }, error: error instanceof Error ? error.message : String(error) });
    });
  }

  private async fail(list: readonly QueuedEmbed[], error: DispatcherError, lastStatus?: number): Promise<void> {
    if (list.length === 0) return;
    await this.deps.request.state.remove(this.id, list.map((j) => j.id));
    await this.deps.settle(this.jobs.parts(list, "failed", { error, lastStatus }), list);
  }

  private async send(target: Target, group: QueuedEmbed[], ticket: LimitTicket): Promise<void> {
    const { deps, id, inFlight } = this;
    const { stop } = deps.request;
    const first = group[0];
    if (!first) return;
    const { thread_id: threadOption, files: wireFiles, ...message } = first.message;
    if (deps.forums.has(target.discordId) && message.thread_name === undefined && (threadOption ?? target.threadId) === undefined) message.thread_name = postName(first.embed);
    // A new forum post (`thread_name`) goes to the webhook's channel: Discord refuses it with a `thread_id` (220002).
    const threadId = message.thread_name === undefined ? (threadOption ?? target.threadId) : undefined;
    const query = `?wait=true${threadId === undefined ? "" : `&thread_id=${encodeURIComponent(threadId)}`}${message.components === undefined ? "" : "&with_components=true"}`;
    const body: DiscordMessage = { ...message, embeds: group.map((j) => j.embed) };
    // Files go as multipart; the body names them by their part's index.
    const files = wireFiles?.map((f) => ({ name: f.name, contentType: f.contentType, data: Buffer.from(f.data, "base64") }));
    if (wireFiles) body.attachments = wireFiles.map((f, i) => ({ id: i, filename: f.name, ...(f.description !== undefined && { description: f.description }) }));
    for (const job of group) {
      this.jobs.count(job).attempts += 1;
      inFlight.add(job.id);
    }
    // Untraced (the usual case): no Set and no arrays per send.
    const traceparents = group.some((j) => j.traceparent !== undefined) ? [...new Set(group.flatMap((j) => (j.traceparent === undefined ? [] : [j.traceparent])))] : NO_TRACES;
    const attempt = deps.observer.attemptStart({ webhookId: id, method: "POST", maskedUrl: target.view.url + query, embeds: group.length, resendCount: this.jobs.count(first).attempts - 1, traceparents });
    const { outcome, learned } = await exchange(deps.request, ticket, { method: "POST", url: target.url + query, maskedUrl: target.view.url + query, body, ...(files && { files }), thread: threadId !== undefined || message.thread_name !== undefined });
    attempt?.end(attemptResult(outcome));
    for (const job of group) inFlight.delete(job.id);
    if (stop.stopped && outcome.kind !== "ok") {
      const closed = new DeliveryRefusedError("CLOSED", "The dispatcher closed before Discord answered; the message may or may not have been posted");
      await this.fail(group, closed, outcome.status);
      return;
    }
    await this.act(target, group, outcome, learned.bucket);
  }

  private async act(target: Target, group: QueuedEmbed[], outcome: Outcome, bucket: string | undefined): Promise<void> {
    const { deps, id } = this;
    const { state } = deps.request;
    const { observer } = deps;
    const webhook = target.view;
    switch (outcome.kind) {
      case "ok": {
        await state.remove(id, group.map((j) => j.id));
        const messageId = str(outcome.body?.id);
        if (deps.posted && messageId !== undefined && group.some((j) => j.problem !== undefined)) deps.posted({ webhookId: id, messageId, embeds: group.map((j) => j.embed) });
        const settled = this.jobs.parts(group, "delivered", { messageId, lastStatus: outcome.status });
        observer.log("debug", "message delivered", { webhook, messageId, embeds: group.length });
        observer.hook("onDelivered", { webhook, messageId, embeds: group.length, deliveries: settled.length });
        // Discord has the message: it is delivered whatever the store does. The lane moves on; the report waits
        // for the store write only up to its deadline.
        void deps.webhooks.delivered(target).then(() => this.record(settled, group));
        return;
      }
      case "rate-limited": {
        const event = { webhook, scope: outcome.scope, retryAfterMs: outcome.retryAfterMs, bucket };
        observer.log("warn", "rate limited by Discord", { ...event });
        observer.hook("onRateLimited", event);
        await this.fail(group.filter((j) => ++this.jobs.count(j).rateLimits > deps.max429Retries), outcome.error, 429);
        return;
      }
      case "transient": {
        const exhausted = group.filter((j) => ++this.jobs.count(j).failures >= deps.retry.attempts);
        await this.fail(exhausted, outcome.error, outcome.status);
        const left = group.filter((j) => !exhausted.includes(j));
        if (left.length === 0) return;
        const attempt = Math.max(...left.map((j) => this.jobs.count(j).failures));
        const delayMs = backoffDelay(attempt, deps.retry);
        this.notBefore = performance.now() + delayMs;
        observer.log("warn", "transient failure; retrying", { webhook, attempt, delayMs, error: outcome.error.message });
        observer.hook("onRetry", { webhook, attempt, delayMs, error: outcome.error });
        return;
      }
      case "disable": {
        const carried = new Set(group.map((j) => j.id));
        const rest = (await state.drain(id)).filter((j) => !carried.has(j.id));
        const refused = new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${id}" was disabled: ${outcome.reason}`, { cause: outcome.error });
        const settled = [...this.jobs.parts(group, "failed", { error: outcome.error, lastStatus: outcome.status }), ...this.jobs.parts(rest, "failed", { error: refused })];
        observer.log("warn", "Discord rejected the webhook itself; disabling it", { webhook, status: outcome.status, failedQueued: rest.length });
        void deps.webhooks.disable(target, outcome.reason).then(() => this.record(settled, [...group, ...rest]));
        return;
      }
      case "rejected":
        if (outcome.error.discordCode === DISCORD_ERROR_CODES.forumNeedsThread && !deps.forums.has(target.discordId)) {
          deps.forums.add(target.discordId);
          observer.log("info", "the webhook posts to a forum channel; opening a post per message", { webhook });
          return;
        }
        if (group.length > 1) {
          for (const job of group) this.jobs.count(job).alone = true;
          observer.log("warn", "packed message rejected; resending its embeds one by one", { webhook, status: outcome.status, embeds: group.length });
          return;
        }
        await this.fail(group, outcome.error, outcome.status);
    }
  }

  private async refuseAll(error: DispatcherError): Promise<void> {
    const { deps, id } = this;
    const { state } = deps.request;
    const queued = await state.drain(id);
    if (queued.length > 0) await deps.settle(this.jobs.parts(queued, "failed", { error }), queued);
  }

  async run(lease: LaneLease): Promise<LaneRun> {
    const { deps, id, jobs } = this;
    const { state, stop } = deps.request;
    try {
      while (!stop.stopped) {
        const head = this.waited?.lease === lease ? this.waited.head : await state.head(id, PEEK);
        this.waited = undefined;
        if (head.length === 0) {
          jobs.clear();
          return IDLE;
        }
        const wait = this.notBefore - performance.now();
        if (wait > 0) return { idle: false, retryInMs: wait };
        // Both answer at once when nothing must be read (a fresh record, a fresh count): no await, no turn.
        const looked = deps.webhooks.lookup(id);
        const found = looked instanceof Promise ? await looked : looked;
        if ("retryInMs" in found) return { idle: false, retryInMs: found.retryInMs };
        if ("refused" in found) {
          await this.refuseAll(found.refused);
          continue;
        }
        const { discordId } = found.target;
        const admitted = deps.request.guard.admit(discordId);
        const braked = admitted instanceof Promise ? await admitted : admitted;
        if (typeof braked === "number") return { idle: false, retryInMs: braked };
        if (braked) {
          await this.refuseAll(braked);
          continue;
        }
        const group = jobs.pick(head);
        const ids = group.map((j) => j.id);
        const request = { webhookId: discordId, method: "POST" } as const;
        // A state whose round trips are costly renews the lease in the take's own round trip, when it grants.
        const taken = lease.takeAndRenew ? await lease.takeAndRenew(request, deps.request.policy, ids) : undefined;
        const slot = taken ? taken.slot : await state.take(request, deps.request.policy);
        if (typeof slot === "number") {
          this.waited = { lease, head };
          return { idle: false, retryInMs: slot, slotOf: request };
        }
        // Another lane of this Discord id may have been answered 401 while this one waited for the slot.
        const late = deps.request.guard.backedOff(discordId);
        // Checked last before sending: close() may have settled these jobs while this turn awaited the store.
        if (late || !(taken ? taken.owned : await lease.renew(ids)) || this.closing()) {
          await state.learn(slot, { status: undefined, headers: {} }, deps.request.policy);
          if (!late) return IDLE;
          await this.refuseAll(late);
          continue;
        }
        await this.send(found.target, group, slot);
      }
    } catch (error) {
      deps.observer.log("error", "lane failed; retrying shortly", { webhook: { id }, error: redact(error instanceof Error ? error.message : String(error)) });
      return { idle: false, retryInMs: 1000 };
    }
    return IDLE;
  }
}

/** The name of a forum post opened for a message that named none: its first embed's title, else its author, ≤ 100 characters. */
export function postName(embed: DiscordEmbed): string {
  const name = (embed.title ?? embed.author?.name ?? "").trim() || "Notification";
  return truncate(name, DISCORD_LIMITS.threadName);
}
