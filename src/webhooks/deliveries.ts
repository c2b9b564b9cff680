/**
 * The manager's delivery log methods: read a webhook's log, resend one entry, resend what failed; and the disable
 * reason read back from the log where the table keeps none.
 */
import { disabledBy } from "../delivery-log/entry.js";
import type { DeliveryLog, DeliveryLogEntry } from "../delivery-log/types.js";
import { redact } from "../discord/redact.js";
import { ConfigError, DeliveryRefusedError, NotFoundError, ValidationError } from "../errors.js";
import type { WebhookRecord, WebhookStore } from "../types.js";
import { canSee, assertCanManage, webhookIdOrThrow } from "./access.js";
import type { DeliveryLogTester, ResendFailedResult, ResendOutcome } from "./delivery-types.js";
import type { Cooldown } from "./limits.js";
import { testKey } from "./limits.js";
import { describeTestError } from "./public-view.js";
import { tokenOf } from "../discord/rules.js";
import { reachedDiscord } from "./tester.js";
import type { Actor, PublicWebhook, WebhookManager } from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_RESEND = 100;
// Answers after which sending more to this webhook now only adds invalid requests.
const STOP_CODES = new Set(["WEBHOOK_DISABLED", "INVALID_REQUEST_BRAKE", "CLOSED"]);

/** What the delivery methods need from the manager. */
export interface DeliveryDeps {
  store: WebhookStore;
  log: DeliveryLog | undefined;
  dispatcher: DeliveryLogTester;
  tests: Cooldown;
  /** The visible record, or `NotFoundError`. */
  load: (actor: Actor, id: unknown) => Promise<{ actor: Actor; current: WebhookRecord }>;
}

/** `deliveries`, `resend` and `resendFailed` of the manager. */
export function deliveryMethods(deps: DeliveryDeps): Pick<WebhookManager, "deliveries" | "resend" | "resendFailed"> {
  const logOrThrow = (): DeliveryLog => {
    if (!deps.log) throw new ConfigError("This manager has no delivery log: pass `deliveryLog`, or a dispatcher from createDispatcher().");
    return deps.log;
  };
  const send = async (record: WebhookRecord, entry: DeliveryLogEntry): Promise<ResendOutcome> => {
    if (!deps.dispatcher.resendBody) throw new ConfigError("This dispatcher cannot resend: use one from createDispatcher().");
    if (entry.bodyTruncated) throw new ValidationError("resend", [{ path: "deliveryId", message: "the logged body was cut to the log's size bound and cannot be resent" }]);
    const result = await deps.dispatcher.resendBody(record.id, entry.body, { resendOf: entry.id, family: entry.family });
    return {
      ok: result.ok,
      resendOf: entry.id,
      entryId: result.entryId ?? null,
      status: typeof result.status === "number" ? result.status : null,
      messageIds: result.messageIds ?? [],
      error: result.ok ? null : describeTestError(result, tokenOf(record.webhookUrl)),
    };
  };
  // Taken before sending (two clicks send once), given back when nothing reached Discord.
  const cooled = async <T>(actor: Actor, record: WebhookRecord, run: () => Promise<T>, reached: (t: T) => boolean): Promise<T> => {
    const refund = deps.tests.take(testKey(actor, record), "tested or resent");
    try {
      const out = await run();
      if (!reached(out)) refund();
      return out;
    } catch (error) {
      refund();
      throw error;
    }
  };
  const enabledOrThrow = (record: WebhookRecord): void => {
    if (!record.enabled) throw new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${record.id}" is disabled: paste a new URL or re-enable it first, then resend.`);
  };

  return {
    async deliveries(actor, webhookId, query = {}) {
      const { current } = await deps.load(actor, webhookId);
      const entries = await logOrThrow().list(current.id, query);
      const secrets = tokenOf(current.webhookUrl);
      return entries.map((e) => ({ ...e, body: redact(e.body, secrets), errorMessage: e.errorMessage === null ? null : redact(e.errorMessage, secrets) }));
    },

    async resend(input, deliveryId) {
      const actor = assertCanManage(input);
      const id = webhookIdOrThrow(deliveryId);
      const entry = await logOrThrow().get(id);
      const record = entry ? await deps.store.getWebhook(entry.webhookId) : null;
      // Another's entry answers exactly like an unknown one.
      if (!entry || !record || !canSee(actor, record)) throw new NotFoundError(`Delivery "${redact(id).slice(0, 64)}" not found.`);
      enabledOrThrow(record);
      return cooled(actor, record, () => send(record, entry), (o) => reachedDiscord({ ok: o.ok, ...(o.status !== null && { status: o.status }), error: o.error }));
    },

    async resendFailed(input, webhookId, options = {}) {
      const { actor, current } = await deps.load(input, webhookId);
      const since = sinceOf(options.since);
      enabledOrThrow(current);
      const log = logOrThrow();
      const failed = await log.list(current.id, { status: "failed", since, limit: 500 });
      const delivered = await log.list(current.id, { status: "delivered", since, limit: 500 });
      const done = new Set(delivered.map((e) => e.resendOf).filter((id): id is string => id !== null));
      const todo = failed.filter((e) => e.resendOf === null && !e.bodyTruncated && !done.has(e.id)).reverse().slice(0, MAX_RESEND);
      if (todo.length === 0) return { resent: [], skipped: 0 };
      return cooled(actor, current, async (): Promise<ResendFailedResult> => {
        const resent: ResendOutcome[] = [];
        for (const entry of todo) {
          const outcome = await send(current, entry);
          resent.push(outcome);
          if (!outcome.ok && outcome.error && STOP_CODES.has(outcome.error.code)) break;
        }
        return { resent, skipped: todo.length - resent.length };
      }, (r) => r.resent.some((o) => reachedDiscord({ ok: o.ok, ...(o.status !== null && { status: o.status }), error: o.error })));
    },
  };
}

/**
 * `view` with `disabledReason` read back from the log when the table keeps none: the latest 404/401 that disabled
 * the webhook. A log that fails to answer leaves it `null`.
 */
export async function withLoggedReason(view: PublicWebhook, log: DeliveryLog | undefined): Promise<PublicWebhook> {
  if (view.enabled || view.disabledReason !== null || !log) return view;
  try {
    const entry = (await log.list(view.id, { status: "failed", limit: 20 })).find(disabledBy);
    if (!entry) return view;
    const what = entry.httpStatus === 404 ? "404 Unknown Webhook: the webhook was deleted in Discord" : "401 Invalid Webhook Token";
    return { ...view, disabledReason: `Discord answered ${what} (${entry.createdAt.toISOString()})` };
  } catch {
    return view;
  }
}

function sinceOf(value: unknown): Date {
  if (value === undefined) return new Date(Date.now() - DAY_MS);
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new ValidationError("resendFailed options", [{ path: "since", message: "must be a date or an ISO date string" }]);
  return date;
}

