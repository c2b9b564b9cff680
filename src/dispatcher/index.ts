/**
 * `createDispatcher`: validate, build, route with one store query, hand one delivery per webhook to the delivery
 * engine, and report when every delivery has settled.
 */
import * as z from "zod";
import { createDeliveryEngine } from "../delivery/engine.js";
import type { IncidentReport } from "../incidents/desk-types.js";
import type { DeliveryReport } from "../delivery/types.js";
import { embedSchema, type DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import { EVENT_WEBHOOK_TYPES, type EventInputs, type EventName } from "../embeds/events.js";
import { createIncidentSide } from "../incidents/dispatch.js";
import { incidentSignal, parseIncidentCall } from "../incidents/signals.js";
import type { IncidentSignal } from "../incidents/types.js";
import { embeds as builders } from "../embeds/index.js";
import { DeliveryRefusedError, StoreError, ValidationError } from "../errors.js";
import { createPending } from "../delivery/waiting.js";
import { fetchTransport } from "../transports/fetch.js";
import { WEBHOOK_TYPES, type WebhookRecord, type WebhookStore, type WebhookType } from "../types.js";
import { audienceScopes } from "./audience.js";
import { parseBranding, parseDefaultMentions, parseDispatchOptions, wireOptions, type ParsedDispatchOptions } from "./message-options.js";
import { createOutboxSide, transactionOf } from "./outbox.js";
import { panelButton } from "./message-parts.js";
import { readFiles } from "./files.js";
import type { WireFile } from "../delivery/state-queue.js";
import { ownProperty, withOwnFields } from "../own.js";
import { createObserver } from "../delivery/observe.js";
import { maskWebhookUrl } from "../discord/redact.js";
import type { Silence } from "../incidents/types.js";
import { memoryDeliveryLog } from "../delivery-log/memory.js";
import { createDeliveryLogging } from "./delivery-log.js";
import { withDisableNotice } from "./notice.js";
import { parseCloseTimeout, parseDispatcherOptions } from "./options.js";
import { createProbes, loadRecord } from "./probes.js";
import { createMessageEdits } from "./message-edits.js";
import type { Dispatcher, DispatcherOptions, DispatchOptions, DispatchResult, EventMethods } from "./types.js";

const customEmbedsSchema = z.array(embedSchema).min(1).max(10);
const webhookTypeSchema = z.enum(WEBHOOK_TYPES);

/** The options that route an event (who receives it): never read from the event input. */
const ROUTING_KEYS = ["userId", "scopes"] as const;

/**
 * Creates a dispatcher: one method per event family, plus `dispatch`, `test`, `verify`, `flush` and `close`.
 * Event methods resolve with a {@link DispatchResult} once every delivery has settled, and reject only for
 * invalid input (`ValidationError`) or a store failure (`StoreError`), so fire-and-forget with `.catch(log)` is safe.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ store: memoryStore([...]), branding: { footer: "Acme Hosting" } });
 * const result = await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" }, { userId: "u1" });
 * if (!result.success) console.warn(result.errors);
 * ```
 */
export function createDispatcher(rawOptions: DispatcherOptions): Dispatcher {
  // Every option is checked here (a missing store would otherwise only show up as a StoreError on the first event,
  // an out-of-range timeout as a 1 ms timer); the engine gets the parsed options.
  const options = parseDispatcherOptions(rawOptions);
  const { store } = options;
  const branding = parseBranding(options.branding);
  const mentions = parseDefaultMentions(options.mentions);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the former name is still honoured
  const given = options.now ?? options.clock;
  const now = given ?? (() => new Date());
  // Epoch milliseconds for the incident side, read several times per event: no Date built when no clock was given.
  const nowMs = given === undefined ? () => Date.now() : () => given().getTime();
  const observer = createObserver(options.logger, options.hooks);
  const logging = createDeliveryLogging({
    log: options.deliveryLog ?? memoryDeliveryLog(),
    observer,
    timeoutMs: options.storeTimeoutMs ?? 5000,
    now,
    branding,
    mentions,
  });
  // A tracked incident message is edited through the same budgets as any edit (its own embed only, when it shares the
  // message); a message someone deleted (10008) or one past Discord's cap on edits of old messages (30046) is "gone":
  // the desk posts anew and tracks that one.
  const { desk, silences, methods: silenceMethods, remindOpenProblems, onPosted } = createIncidentSide(options, nowMs, (record, change) => engine.changeMessage(record, change));
  // The engine reads what it needs of the parsed options itself; only what the dispatcher adds or wraps is named.
  const engine = createDeliveryEngine({
    ...options,
    transport: options.transport ?? fetchTransport(),
    now,
    hooks: withDisableNotice(options.hooks),
    onSettled: logging.settled,
    onPosted,
  });
  const unobserve = options.instrumentation?.observe?.(() => engine.stats());

  // Calls made before close() are still being routed when it is called: close() lets them enqueue first.
  const routing = createPending();
  let closing = false;

  // A burst of events (a loop firing hundreds) reads the webhooks of a type and the silences once, not once per event.
  const sharedRecords = sharedPerTick<WebhookRecord[]>();
  const sharedSilences = sharedPerTick<Silence[]>();

  // Silences only hold noise back: when they cannot be read, the event is sent (and the failure reported), never lost.
  const activeSilences = (records: readonly WebhookRecord[]): Promise<Silence[]> =>
    sharedSilences("silences", silences).catch((cause: unknown) => {
      const error = cause instanceof StoreError ? cause : new StoreError("queue", "Could not read the silences", { cause });
      observer.log("warn", "silences could not be read; sending without them", { error: error.message });
      observer.hook("onStoreError", { operation: "readSilences", webhooks: records.map((r) => ({ id: r.id, name: r.name, url: maskWebhookUrl(r.webhookUrl) })), error });
      return [];
    });

  /** A call's `files`, read once (an outbox entry carries them read already). */
  const filesOf = (rawOptions: DispatchOptions | undefined): Promise<WireFile[] | undefined> => readFiles(ownProperty(rawOptions, "files"), options.queue?.maxFileBytes);

  // `rawOptions.files` are read here, inside the routing, so that a call made before close() is routed even while its
  // files are still being read.
  const route = (type: WebhookType, embedList: readonly DiscordEmbed[], parsed: ParsedDispatchOptions, event?: EventName, signal?: IncidentSignal, rawOptions?: DispatchOptions): Promise<DispatchResult> =>
    // The routing's frame ends once every delivery is handed over; only a `.then` per call waits for the reports.
    // Most events go to one webhook: its report is awaited alone (Promise.all holds a resolver per element).
    handOver(type, embedList, parsed, event, signal, rawOptions).then((reports) => (reports.length === 1 && reports[0] ? reports[0].then((r) => summarize([r])) : Promise.all(reports).then(summarize)));

  /** Routes one call: one delivery (or refusal) per webhook its audience matches, in the order calls were made. */
  const handOver = async (type: WebhookType, embedList: readonly DiscordEmbed[], parsed: ParsedDispatchOptions, event?: EventName, signal?: IncidentSignal, rawOptions?: DispatchOptions): Promise<Promise<IncidentReport>[]> => {
    const accepted = !closing;
    if (accepted) routing.add();
    let reports: Promise<IncidentReport>[];
    try {
      // No await without files: calls keep the order they were made in.
      const files = ownProperty(rawOptions, "files") === undefined ? undefined : await filesOf(rawOptions);
      const opts = files === undefined ? parsed : withOwnFields(parsed, { files });
      const scopes = audienceScopes(type, opts.scopes, opts.userId);
      const userId = opts.userId ?? null;
      const records = await sharedRecords(`${type}|${scopes.join(",")}|${userId === null ? "" : `u:${userId}`}`, () => findWebhooks(store, { type, scopes, userId }));
      const active = accepted && records.length > 0 ? await activeSilences(records) : [];
      // After close() each webhook gets a CLOSED failure: the report still names who missed out.
      reports = records.map((record) =>
        accepted
          ? desk.deliver(
              { record, target: { key: signal?.key, type, userId: opts.userId, webhookId: record.id }, signal, embeds: embedList, threadId: opts.threadId, post: (embeds, how) => deliverAndLog(event ?? "dispatch", record, embeds, opts, type, how) },
              active,
            )
          : engine.refuseClosed(record),
      );
    } finally {
      // Routed (or failed to): close() need not wait for this call any longer.
      if (accepted) routing.done();
    }
    return reports;
  };

  // Tagged for the delivery log: whichever process settles the delivery writes its entry.
  const deliverAndLog = (family: string, record: WebhookRecord, embedList: readonly DiscordEmbed[], opts: ParsedDispatchOptions, type: WebhookType, how: { solo: boolean; urgent: boolean; problem?: string }): Promise<DeliveryReport> => {
    const wire = wireOptions(opts, record, branding, mentions);
    if (opts.files !== undefined) wire.files = opts.files;
    // A message with files goes alone: never packed with other deliveries' embeds.
    const flags = { wait: opts.wait !== false, idempotencyKey: opts.idempotencyKey, event: family === "dispatch" ? type : family, log: logging.tag(record, family), ...how, solo: how.solo || opts.files !== undefined };
    return engine.deliver(record, embedList, wire, flags);
  };

  // A problem left open is posted again every `repeatIntervalMs`, by workers, through the webhook's lane and log.
  const reminders =
    options.worker === false
      ? undefined
      : remindOpenProblems(
          async (webhookId, threadId) => {
            const record = await store.getWebhook(webhookId);
            if (record === null || !record.enabled) return undefined;
            const opts: ParsedDispatchOptions = threadId === undefined ? {} : { threadId };
            return { record, post: (embeds, how) => deliverAndLog("reminder", record, embeds, opts, record.type, how) };
          },
          (cause) => {
            observer.log("warn", "incident reminders could not be looked up; trying again", { error: cause instanceof Error ? cause.message : String(cause) });
          },
        );

  // Calls with `{ tx }` go to the queue's outbox; a worker relays them through `route` once committed.
  const outbox = createOutboxSide(options.queue?.outbox, options.worker !== false, route, () => closing);

  const eventMethod = (name: EventName) => async (input: unknown, rawOptions?: DispatchOptions): Promise<DispatchResult> => {
    // A builder drops keys it does not know: `userId` in the input instead of the options would route a customer's
    // event as one without a customer (to PUBLIC webhooks).
    const misplaced = typeof input === "object" && input !== null ? ROUTING_KEYS.find((key) => Object.hasOwn(input, key)) : undefined;
    if (misplaced !== undefined) throw new ValidationError(`${name} input`, [{ path: misplaced, message: `routes the event and belongs in the options: dispatcher.${name}(input, { ${misplaced} })` }]);
    const parsed = parseDispatchOptions(rawOptions);
    const tx = transactionOf(rawOptions);
    const call = parseIncidentCall(rawOptions?.incident);
    const build = builders[name] as (input: unknown, o: { branding?: typeof branding; now: () => Date }) => DiscordEmbed;
    const embed = build(input, { ...(branding && { branding }), now });
    // The input's `url` (its page in the host's panel) also becomes a link button, unless the call chose buttons.
    const button = parsed.buttons === undefined ? panelButton(name, embed.url) : undefined;
    const opts = button === undefined ? parsed : withOwnFields(parsed, { buttons: [button] });
    // The builder validated the input: the family's key and status read it as its type.
    const signal = incidentSignal(name, input as EventInputs[EventName], call);
    if (tx !== undefined) return outbox.write(tx, EVENT_WEBHOOK_TYPES[name], [embed], withOwnFields(opts, { files: await filesOf(rawOptions) }), name, signal);
    return route(EVENT_WEBHOOK_TYPES[name], [embed], opts, name, signal, rawOptions);
  };

  // Filled by name: a method taking any input (each builder validates its own) is one of `EventMethods`.
  const methods = {} as Record<EventName, (input: unknown, options?: DispatchOptions) => Promise<DispatchResult>>;
  for (const name of Object.keys(EVENT_WEBHOOK_TYPES) as EventName[]) methods[name] = eventMethod(name);
  const events: EventMethods = methods;

  return {
    ...events,
    async dispatch(type, embedOrEmbeds, rawOptions) {
      const webhookType = parseOrThrow(webhookTypeSchema, type, "webhook type");
      const list = parseOrThrow(customEmbedsSchema, Array.isArray(embedOrEmbeds) ? embedOrEmbeds : [embedOrEmbeds], "embeds");
      const opts = parseDispatchOptions(rawOptions);
      const tx = transactionOf(rawOptions);
      const signal = incidentSignal(undefined, undefined, parseIncidentCall(rawOptions?.incident));
      if (tx !== undefined) return outbox.write(tx, webhookType, list, withOwnFields(opts, { files: await filesOf(rawOptions) }), undefined, signal);
      return route(webhookType, list, opts, undefined, signal, rawOptions);
    },
    ...silenceMethods,
    ...createProbes({ store, engine, branding, mentions, now, closed: () => closing, tag: logging.tag }),
    ...createMessageEdits({ store, engine, mentions, closed: () => closing }),
    async resendBody(webhookId, body, resendOptions = {}) {
      const record = await loadRecord(store, webhookId);
      if (closing) return { ok: false, webhook: { id: record.id, name: record.name }, messageIds: [], attempts: 0, entryId: null, error: new DeliveryRefusedError("CLOSED", "The dispatcher is closed; resend refused") };
      return logging.resend(engine, record, body, resendOptions);
    },
    deliveryLog: logging.log,
    forgetWebhook(webhookId) {
      engine.forget(webhookId);
    },
    stats: () => engine.stats(),
    async flush() {
      await routing.idle();
      await engine.flush();
      await logging.flush();
    },
    async close(closeOptions) {
      const timeoutMs = parseCloseTimeout(closeOptions);
      closing = true;
      const started = Date.now();
      await reminders?.stop();
      await routing.idle();
      await engine.close(Math.max(0, timeoutMs - (Date.now() - started)));
      await logging.flush();
      unobserve?.();
    },
    store,
  };
}

/**
 * Reads shared within one stretch of work: the first call with a key starts `read`, and calls with that key made
 * before the microtasks queued so far have run join it instead of asking again. Whatever finished before a call was
 * made (a webhook created, a silence set) finished before the read it joins started, so every call still sees it; a
 * call made later starts a read of its own. The records are shared by the events that joined: nothing changes them.
 */
function sharedPerTick<T>(): (key: string, read: () => Promise<T>) => Promise<T> {
  const reads = new Map<string, Promise<T>>();
  return (key, read) => {
    let shared = reads.get(key);
    if (shared === undefined) {
      shared = read();
      reads.set(key, shared);
      queueMicrotask(() => reads.delete(key));
    }
    return shared;
  };
}

/**
 * Calls `store.findWebhooks`, turning anything that is not a `StoreError` (thrown or rejected) into one. A `.then`,
 * not an `async` wrapper: every routed event passes here.
 */
export function findWebhooks(store: WebhookStore, query: Parameters<WebhookStore["findWebhooks"]>[0]): Promise<WebhookRecord[]> {
  const asStoreError = (error: unknown): StoreError => (error instanceof StoreError ? error : new StoreError("store", "findWebhooks failed", { cause: error }));
  try {
    return Promise.resolve(store.findWebhooks(query)).then(undefined, (error: unknown) => Promise.reject(asStoreError(error)));
  } catch (error) {
    return Promise.reject(asStoreError(error));
  }
}

function summarize(deliveries: IncidentReport[]): DispatchResult {
  const errors: DispatchResult["errors"] = [];
  let sent = 0;
  let failed = 0;
  for (const d of deliveries) {
    if (d.status === "delivered") sent += 1;
    else if (d.status === "failed") {
      failed += 1;
      if (d.error) errors.push({ webhook: d.webhook, error: d.error });
    }
  }
  return { success: failed === 0, matched: deliveries.length, sent, failed, errors, deliveries };
}
