/**
 * The delivery engine: queues each delivery in its webhook's lane (through the state port), lets the state hand
 * lanes to their runners, and resolves each delivery's report from its outcome. `deliver()` rejects only when the
 * state cannot queue at all (`StoreError`: a durable queue is unreachable).
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import { DISCORD_API_BASE } from "../discord/webhook-url.js";
import { ConfigError, DeliveryRefusedError, DispatcherError, StoreError } from "../errors.js";
import type { Transport, WebhookRecord, WebhookStore } from "../types.js";
import { retrySettings } from "./backoff.js";
import { createPending, createStopper, sleep } from "./waiting.js";
import { createLane, type Lane, type LaneDeps, type PostedMessage } from "./lane.js";
import { JobBook } from "./lane-jobs.js";
import { memoryQueue } from "./memory-state.js";
import { closeDurable, leaving, reportAdoption } from "./durable.js";
import { invalidGuard } from "./invalid-guard.js";
import type { DeliveryHandle, Instrumentation } from "./instrumentation.js";
import { createCounters, createObserver } from "./observe.js";
import { probeWebhook, type Probe } from "./probe.js";
import { changeMessage, type MessageChange, type MessageChangeAnswer } from "./message-change.js";
import type { RequestDeps } from "./request.js";
import type { DeliveryOutcome, DeliveryState, LimitPolicy, QueuedEmbed, SettledEmbeds } from "./state.js";
import type { DeliveryFlags, DeliveryReport, DispatcherStats, SettledDelivery } from "./types.js";
import type { DeliveryHooks, Logger } from "./hooks.js";
import type { RateLimitOptions, RetryOptions } from "./tuning.js";
import type { WireMessageOptions } from "./state-queue.js";
import { createWebhooks } from "./webhooks.js";

/** Options of {@link createDeliveryEngine}. */
export interface DeliveryEngineOptions {
  transport: Transport;
  store: WebhookStore;
  /** Default {@link memoryQueue}. */
  queue?: DeliveryState | undefined;
  retry?: RetryOptions | undefined;
  rateLimit?: RateLimitOptions | undefined;
  /** Deadline of one HTTP request. Default 15 000 ms. */
  timeoutMs?: number | undefined;
  /** Deadline of one store call made after a send. Default 5 000 ms. */
  storeTimeoutMs?: number | undefined;
  logger?: Logger | undefined;
  hooks?: DeliveryHooks | undefined;
  /** Wall clock for `markDelivered`. Default `() => new Date()`. */
  now?: (() => Date) | undefined;
  /** `false`: only enqueue (a durable `queue` must be given); other processes send. Default `true`. */
  worker?: boolean | undefined;
  /** Traces and metrics (e.g. `openTelemetry()` from `/otel`). Default: none. */
  instrumentation?: Instrumentation | undefined;
  /**
   * Called once per tagged delivery (`flags.log`) by the process that settles it: the lane that settled its last
   * job (any process sharing a durable queue), or this engine when it refused the delivery before queueing it.
   * Must not throw.
   */
  onSettled?: ((delivery: SettledDelivery) => void) | undefined;
  /**
   * Called by this process's lane as soon as Discord answers the POST of a message that holds a problem's embed (a
   * job with `problem`), before its deliveries settle: the message's id and every embed it holds, in order, as sent.
   * The incident editor keeps it, so the problem's first edit need not read the message back. Must not throw.
   */
  onPosted?: ((posted: PostedMessage) => void) | undefined;
}

export type { Probe } from "./probe.js";
export type { PostedMessage } from "./lane.js";
export type { MessageChange, MessageChangeAnswer } from "./message-change.js";

/**
 * Delivers queued embeds to one webhook at a time through the state's lanes, under Discord's rate limits, and reports
 * each delivery once it settles; also probes webhooks and changes sent messages. After `close()` it queues nothing.
 */
export interface DeliveryEngine {
  /**
   * Queues `embeds` for one webhook; resolves with the report once all have settled (or once queued, with
   * `flags.wait === false`). Rejects only with a `StoreError` when the state cannot queue at all, or (code
   * `ENQUEUE_UNCERTAIN`) cannot tell whether it did.
   */
  deliver(record: WebhookRecord, embeds: readonly DiscordEmbed[], message: WireMessageOptions, flags?: DeliveryFlags): Promise<DeliveryReport>;
  /** The report of a delivery refused because the dispatcher is closing. */
  refuseClosed(record: WebhookRecord): Promise<DeliveryReport>;
  /** GETs the webhook through the rate limits; disables it on 404/401. `outcome` is `undefined` once closed. */
  probe(record: WebhookRecord): Promise<Probe>;
  /**
   * Edits (`PATCH`) or deletes a message the webhook sent, through the same rate-limit state (the route's own bucket
   * per Discord webhook and method), brake, retries and 429 handling as a post; with a durable state the budgets are
   * shared by every process. 404 code 10008 fails with `MESSAGE_GONE` and 429 code 30046 with `EDIT_LIMITED`, never
   * retried and never disabling; 404 Unknown Webhook / 401 disable the webhook. A webhook disabled in this process or
   * the store is refused (`WEBHOOK_DISABLED`), and a stored URL that does not parse fails (`WebhookUrlError`), without a
   * request; after `close()`, `CLOSED`. Rejects only when a durable state fails (`StoreError`, e.g. Redis down).
   */
  changeMessage(record: WebhookRecord, change: MessageChange): Promise<MessageChangeAnswer>;
  /** Drops what this process remembers about a webhook (cached record, pending disable). */
  forget(webhookId: string): void;
  stats(): Promise<DispatcherStats>;
  /** Resolves when every delivery made so far has settled. */
  flush(): Promise<void>;
  /** Refuses new work, waits up to `timeoutMs`, then fails what was not sent with `CLOSED`. */
  close(timeoutMs: number): Promise<void>;
  readonly closed: boolean;
}

/** Creates a delivery engine. */
export function createDeliveryEngine(options: DeliveryEngineOptions): DeliveryEngine {
  const { stopper, stop } = createStopper();
  const observer = createObserver(options.logger, options.hooks, options.instrumentation);
  const base = options.transport.apiBaseUrl;
  // Once, at creation: a test or staging setup must see where it really sends (DISCORD_API_BASE_URL, apiBaseUrl).
  if (base !== undefined && base !== DISCORD_API_BASE) observer.log("info", `sending to ${base}, not to Discord's API`, { apiBaseUrl: base });
  const state = options.queue ?? memoryQueue();
  const rl = options.rateLimit ?? {};
  const timeoutMs = options.timeoutMs ?? 15_000;
  const counters = createCounters(observer);
  const guard = invalidGuard(rl, () => state.invalidAnswers());
  const onLearned: RequestDeps["onLearned"] = (learned, outcome, method, discordId) => {
    counters.learned(learned, outcome, method);
    guard.learned(discordId, outcome, learned.invalidAnswers);
  };
  const request: RequestDeps = { transport: options.transport, state, timeoutMs, stop: stopper, policy: limitPolicy(rl, timeoutMs), guard, onLearned };
  const webhooks = createWebhooks(options.store, observer, options.storeTimeoutMs ?? 5000, options.now ?? (() => new Date()));
  const onSettled = options.onSettled;
  /**
   * Records outcome parts of `jobs`; each delivery they complete (in whichever process) is handed to `onSettled`
   * here, once. Rejects when the state does.
   */
  const settle = async (parts: SettledEmbeds[], jobs: readonly QueuedEmbed[]): Promise<void> => {
    const completed = await state.settle(parts);
    if (!onSettled || completed.length === 0) return;
    const byDelivery = new Map<string, QueuedEmbed[]>();
    for (const job of jobs) {
      const own = byDelivery.get(job.deliveryId);
      if (own) own.push(job);
      else byDelivery.set(job.deliveryId, [job]);
    }
    for (const { deliveryId, outcome } of completed) {
      const own = byDelivery.get(deliveryId) ?? [];
      const first = own[0];
      if (first?.log) onSettled({ tag: first.log, webhookId: first.laneId, embeds: own.map((j) => j.embed), message: first.message, outcome });
    }
  };
  const deps: LaneDeps = { request, webhooks, retry: retrySettings(options.retry), max429Retries: rl.max429Retries ?? 10, observer, settle, forums: new Set(), posted: options.onPosted };
  const maxQueue = rl.maxQueuePerLane ?? 1000;
  /** Lanes with work or a request in flight; `touched` counts deliveries queued, so a run that ended idle can tell. */
  const lanes = new Map<string, { lane: Lane; touched: number }>();
  const open = createPending();
  const idPrefix = Math.random().toString(36).slice(2, 10);
  let seq = 0;
  let closed = false;

  const laneOf = (id: string): { lane: Lane; touched: number } => {
    let entry = lanes.get(id);
    if (!entry) {
      entry = { lane: createLane(id, deps), touched: 0 };
      lanes.set(id, entry);
    }
    return entry;
  };
  const worker = options.worker !== false;
  if (!worker && state.durable !== true) throw new ConfigError("`worker: false` needs a durable queue such as redisQueue(): with the in-process queue nothing would ever send");
  // A durable dispatcher's close leaves what callers here still await to the other processes: they get `queued`.
  const { left, leave } = leaving();
  state.retain?.();
  if (worker) {
    state.serve(async (lease) => {
      reportAdoption(observer, lease);
      const entry = laneOf(lease.laneId);
      const touched = entry.touched;
      const result = await entry.lane.run(lease);
      // An idle lane is dropped (memory follows the webhooks in use), unless work was queued during the run or
      // close() may still drain it.
      if (result.idle && !closed && entry.touched === touched && entry.lane.inFlight.size === 0 && lanes.get(lease.laneId) === entry) lanes.delete(lease.laneId);
      return result;
    });
  }

  const finish = (record: WebhookRecord, outcome: DeliveryOutcome): DeliveryReport => {
    const view = webhooks.view(record);
    const report: DeliveryReport = { webhook: { id: view.id, name: view.name }, status: outcome.status, messageIds: outcome.messageIds, attempts: outcome.attempts };
    if (outcome.lastStatus !== undefined) report.lastStatus = outcome.lastStatus;
    if (outcome.error) report.error = outcome.error;
    if (report.status === "failed" && report.error) {
      counters.counts.deliveriesFailed += 1;
      observer.log("error", "delivery failed", { webhook: view, error: report.error.message });
      observer.hook("onFailed", { webhook: view, error: report.error });
    }
    return report;
  };
  const refuse = (record: WebhookRecord, error: DispatcherError): DeliveryReport => finish(record, { status: "failed", messageIds: [], attempts: 0, error });
  /** A delivery refused before it was queued: it settles here, so it is logged here. */
  const refused = (record: WebhookRecord, embeds: readonly DiscordEmbed[], message: WireMessageOptions, flags: DeliveryFlags, error: DispatcherError): DeliveryReport => {
    const outcome: DeliveryOutcome = { status: "failed", messageIds: [], attempts: 0, error };
    if (flags.log && onSettled) onSettled({ tag: flags.log, webhookId: record.id, embeds: [...embeds], message, outcome });
    return finish(record, outcome);
  };

  const closeOpen = (): void => {
    open.done();
  };
  /** Counts `report` as open until it settles; `then` (a delivery's trace) gets the report in the same reaction. */
  const trackOpen = (report: Promise<DeliveryReport>, then?: (r: DeliveryReport) => void): void => {
    open.add();
    // Untraced (the usual case), the same reaction for every delivery: no closures per delivery.
    void report.then(
      then === undefined
        ? closeOpen
        : (r) => {
            open.done();
            then(r);
          },
      closeOpen,
    );
  };

  // `.then`s, not an `async` function: thousands of deliveries wait here at once in a burst, each frame held.
  const enqueue = (record: WebhookRecord, embeds: readonly DiscordEmbed[], message: WireMessageOptions, flags: DeliveryFlags, traceparent: string | undefined): Promise<DeliveryReport> => {
    // Only a worker runs lanes here; close() drains the lanes it knows.
    if (worker) laneOf(record.id).touched += 1;
    const deliveryId = `${idPrefix}-${++seq}`;
    // Files ride on the delivery's first job only (the bytes once per delivery, in the message with its first embed).
    const rest = message.files === undefined ? message : { ...message, files: undefined };
    const jobs = embeds.map((embed, i): QueuedEmbed => {
      const job: QueuedEmbed = { id: `${deliveryId}.${i}`, laneId: record.id, deliveryId, embed, message: i === 0 ? message : rest, solo: flags.solo === true };
      if (flags.urgent === true) job.urgent = true;
      if (flags.problem !== undefined) job.problem = flags.problem;
      if (traceparent !== undefined) job.traceparent = traceparent;
      if (flags.log) job.log = flags.log;
      return job;
    });
    // A durable queue is unreachable (nothing queued) or did not answer (code ENQUEUE_UNCERTAIN: it may have been
    // queued): the event call rejects, it never hangs or falls back.
    const unqueued = (error: unknown): StoreError => (error instanceof StoreError ? error : new StoreError("queue", "Could not queue the delivery", { cause: error }));
    let pushing: Promise<boolean | { duplicateOf: string }>;
    try {
      pushing = state.push(record.id, jobs, maxQueue, flags.idempotencyKey);
    } catch (error) {
      return Promise.reject(unqueued(error));
    }
    return pushing.then((pushed) => {
      if (!pushed) return refused(record, embeds, message, flags, new DeliveryRefusedError("QUEUE_OVERFLOW", `Queue of webhook "${record.id}" is full (${maxQueue} embeds); the newest delivery was refused`));
      // A retried call whose key was queued before: the first delivery's outcome is this call's.
      if (typeof pushed === "object") return flags.wait === false ? finish(record, { status: "queued", messageIds: [], attempts: 0 }) : outcomeOf(record, pushed.duplicateOf);
      if (flags.wait === false) {
        // In process, flush() still waits for it; a durable queue's other processes settle it, nobody waits here.
        if (state.durable !== true) trackOpen(outcomeOf(record, deliveryId));
        return finish(record, { status: "queued", messageIds: [], attempts: 0 });
      }
      return outcomeOf(record, deliveryId);
    }, (error: unknown) => Promise.reject(unqueued(error)));
  };

  // A `.then`, not an `async` function: every delivery waits here for its outcome, thousands at once in a burst.
  const outcomeOf = (record: WebhookRecord, deliveryId: string): Promise<DeliveryReport> => {
    const lost = (error: unknown): DeliveryReport => refuse(record, new StoreError("queue", "Lost track of the delivery's outcome", { cause: error }));
    try {
      const outcome = state.durable === true ? Promise.race([state.outcome(deliveryId), left]) : state.outcome(deliveryId);
      return outcome.then((o) => finish(record, o), lost);
    } catch (error) {
      return Promise.resolve(lost(error));
    }
  };

  const deliverNow = (record: WebhookRecord, embeds: readonly DiscordEmbed[], message: WireMessageOptions, flags: DeliveryFlags, traced: DeliveryHandle | undefined): Promise<DeliveryReport> => {
    const settled = (report: DeliveryReport): Promise<DeliveryReport> => {
      traced?.end(report);
      return Promise.resolve(report);
    };
    if (closed) return settled(refused(record, embeds, message, flags, closedError()));
    const primed = webhooks.prime(record);
    if (primed instanceof DispatcherError) return settled(refused(record, embeds, message, flags, primed));
    if (embeds.length === 0) return settled(finish(record, { status: "delivered", messageIds: [], attempts: 0 }));
    const report = enqueue(record, embeds, message, flags, traced?.traceparent);
    trackOpen(report, traced && ((r) => { traced.end(r); }));
    return report;
  };

  return {
    deliver(record, embeds, message, flags = {}) {
      const traced = observer.deliveryStart({ webhookId: record.id, event: flags.event ?? record.type, webhookType: record.type, embeds: embeds.length });
      return deliverNow(record, embeds, message, flags, traced);
    },

    refuseClosed: (record) => Promise.resolve(refuse(record, closedError())),

    probe: (record) => probeWebhook({ request, webhooks, max429Retries: deps.max429Retries, closed: () => closed }, record),

    changeMessage: (record, change) => changeMessage({ request, webhooks, retry: deps.retry, max429Retries: deps.max429Retries, closed: () => closed, observer }, record, change),

    forget: (webhookId) => {
      webhooks.forget(webhookId);
    },

    async stats() {
      const invalidRequests = await state.invalidAnswers().catch(() => 0);
      const store = webhooks.counts();
      const tracked = lanes.size + webhooks.tracked() + (state.tracked?.() ?? 0);
      return { invalidRequests, ...counters.counts, openDeliveries: open.size, storeErrors: store.storeErrors, pendingStoreWrites: store.pendingWrites, tracked };
    },

    async flush() {
      await open.idle();
    },

    async close(graceMs) {
      closed = true;
      // Nothing queued is failed: the request in flight finishes, the lanes go back to the other processes.
      if (state.durable === true) return closeDurable(state, worker, leave, () => webhooks.counts().pendingWrites, graceMs, createStopper().stopper);
      const grace = createStopper();
      await Promise.race([this.flush(), sleep(graceMs, grace.stopper)]);
      grace.stop();
      if (open.size === 0) {
        await state.close();
        return;
      }
      // Out of time: abort requests in flight (their lanes settle them), stop waiting for store writes (what
      // Discord confirmed is reported delivered), and fail what was never sent.
      stop();
      webhooks.abandon();
      for (const [id, { lane }] of lanes) {
        const left = (await state.drain(id).catch((): QueuedEmbed[] => [])).filter((j) => !lane.inFlight.has(j.id));
        await settle(new JobBook().parts(left, "failed", { error: new DeliveryRefusedError("CLOSED", "The dispatcher closed before this was sent") }), left);
      }
      await state.close();
      // Everything has settled by now; the bound only guarantees that close() itself always ends.
      const last = createStopper();
      await Promise.race([open.idle(), sleep(1000, last.stopper)]);
      last.stop();
    },

    get closed() {
      return closed;
    },
  };
}

function closedError(): DeliveryRefusedError {
  return new DeliveryRefusedError("CLOSED", "The dispatcher is closed; delivery refused");
}

/** The state's budgets from the dispatcher's `rateLimit` options, defaults applied. */
function limitPolicy(rl: RateLimitOptions, timeoutMs: number): LimitPolicy {
  return {
    globalLimit: rl.globalLimit ?? 50,
    globalWindowMs: rl.globalWindowMs ?? 1000,
    // Unknown until Discord's first shared 429 on a channel teaches it (see RateLimitOptions.channelLimit).
    channelLimit: rl.channelLimit !== undefined && rl.channelLimit > 0 ? rl.channelLimit : Infinity,
    channelWindowMs: rl.channelWindowMs ?? 60_000,
    marginMs: rl.marginMs ?? 50,
    // A slot is given back if no answer came within the request's deadline (and a little more).
    requestTtlMs: timeoutMs + 1000,
  };
}
