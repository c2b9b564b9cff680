/**
 * The function set hand-written dispatchers export (`dispatchWebhook(type, embed)`, `dispatchServerStateChange(name,
 * state, node)`, ...), with their positional signatures and their `{ success, sent, failed, errors }` results, over a
 * dispatcher. They never throw: bad input or a store failure resolves with `success: false` and the reason.
 */
import { redact } from "../discord/redact.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import type { Dispatcher, DispatchOptions, DispatchResult } from "../dispatcher/types.js";
import type { BillingEventKind } from "../embeds/billing-event.js";
import type { NodeResource } from "../embeds/node-alert.js";
import type { ServerState } from "../embeds/server-state-change.js";
import type { TicketAction } from "../embeds/support-ticket.js";
import type { SyncSummary } from "../embeds/sync-completion.js";
import type { AlertSeverity } from "../embeds/system-alert.js";
import { DispatcherError } from "../errors.js";
import type { WebhookType } from "../types.js";

/** One failure in a {@link LegacyDispatchResult}. Token-free. */
export interface LegacyDispatchError {
  /** The webhook's name (its id when it has none), or `"(none)"` when the call failed before any webhook (bad input, store down). */
  webhook: string;
  /** What went wrong, as text. */
  error: string;
}

/** What every legacy function resolves with. Never rejects. */
export interface LegacyDispatchResult {
  /** `true` when nothing failed (also when no webhook matched). `false` for bad input. */
  success: boolean;
  /** Webhooks that received the message. */
  sent: number;
  /** Webhooks that did not. */
  failed: number;
  errors: LegacyDispatchError[];
}

/** The legacy functions. Each one's last parameter takes routing options (`userId`, `scopes`, `wait`, ...). */
export interface LegacyDispatch {
  /** Sends your own embed(s) (at most 10) to the webhooks of `type`. */
  dispatchWebhook: (type: WebhookType, embed: DiscordEmbed | readonly DiscordEmbed[], options?: DispatchOptions) => Promise<LegacyDispatchResult>;
  /** `settingsUpdate`: the names of the changed settings (e.g. from `changedFields()`), never their values. */
  dispatchSettingsUpdate: (changedFields: readonly string[], updatedBy?: string, options?: DispatchOptions) => Promise<LegacyDispatchResult>;
  /** `serverStateChange`; `state` in any case ("ONLINE" works too). */
  dispatchServerStateChange: (serverName: string, state: ServerState | Uppercase<ServerState>, node?: string, options?: DispatchOptions) => Promise<LegacyDispatchResult>;
  /** `syncCompletion`; `summary` is counts or free text; `durationSeconds` is seconds, as such code measured it. */
  dispatchSyncCompletion: (success: boolean, summary: SyncSummary | string, durationSeconds: number, error?: Error | string, options?: DispatchOptions) => Promise<LegacyDispatchResult>;
  /** `systemAlert`; `severity` defaults to `"info"` (any case). */
  dispatchSystemAlert: (title: string, message: string, severity?: AlertSeverity | Uppercase<AlertSeverity>, source?: string, options?: DispatchOptions) => Promise<LegacyDispatchResult>;
  /** `supportTicket`. */
  dispatchSupportTicket: (action: TicketAction, ticketId: string | number, subject: string, user?: string, options?: DispatchOptions) => Promise<LegacyDispatchResult>;
  /** `nodeAlert`; `usage` and `threshold` in percent. */
  dispatchNodeAlert: (node: string, resource: NodeResource, usage: number, threshold?: number, options?: DispatchOptions) => Promise<LegacyDispatchResult>;
  /** `billingEvent`; `amount` in major units, `currency` an ISO 4217 code. */
  dispatchBillingEvent: (event: BillingEventKind, amount?: number, currency?: string, customer?: string, options?: DispatchOptions) => Promise<LegacyDispatchResult>;
}

/** Options of {@link createLegacyDispatch}. */
export interface LegacyDispatchOptions {
  /** Routing and message options of every call; a call's own `options` override them field by field. */
  defaults?: DispatchOptions;
}

/** What `webhook` says for a failure that happened before any webhook was addressed. */
export const NO_WEBHOOK = "(none)";

/**
 * Creates the legacy function set over `dispatcher`. Each function maps its positional arguments onto the event
 * method of the same family and resolves with `{ success, sent, failed, errors }`; it never rejects: invalid input
 * (a `ValidationError`) or a store failure resolves with `success: false` and one error whose `webhook` is
 * {@link NO_WEBHOOK}. Error texts are token-free.
 *
 * @example
 * ```ts
 * export const { dispatchServerStateChange, dispatchSystemAlert } = createLegacyDispatch(dispatcher);
 * await dispatchServerStateChange("Survival #1", "crashed", "de-fra-1");
 * ```
 */
export function createLegacyDispatch(dispatcher: Dispatcher, options: LegacyDispatchOptions = {}): LegacyDispatch {
  const opts = (own: DispatchOptions | undefined): DispatchOptions | undefined => (options.defaults ? { ...options.defaults, ...own } : own);
  return {
    dispatchWebhook: (type, embed, o) => settle(() => dispatcher.dispatch(type, embed, opts(o))),
    dispatchSettingsUpdate: (changedFields, updatedBy, o) =>
      settle(() => dispatcher.settingsUpdate({ changedFields: [...changedFields], updatedBy }, opts(o))),
    dispatchServerStateChange: (serverName, state, node, o) =>
      settle(() => dispatcher.serverStateChange({ serverName, state: lower<ServerState>(state), node }, opts(o))),
    dispatchSyncCompletion: (success, summary, durationSeconds, error, o) =>
      settle(() =>
        dispatcher.syncCompletion(
          { success, ...(typeof summary === "string" ? { summary: {}, details: summary } : { summary }), durationMs: durationSeconds * 1000, error },
          opts(o),
        ),
      ),
    dispatchSystemAlert: (title, message, severity, source, o) =>
      settle(() => dispatcher.systemAlert({ title, message, severity: lower<AlertSeverity>(severity ?? "info"), source }, opts(o))),
    dispatchSupportTicket: (action, ticketId, subject, user, o) => settle(() => dispatcher.supportTicket({ action, ticketId, subject, user }, opts(o))),
    dispatchNodeAlert: (node, resource, usage, threshold, o) => settle(() => dispatcher.nodeAlert({ node, resource, usage, threshold }, opts(o))),
    dispatchBillingEvent: (event, amount, currency, customer, o) => settle(() => dispatcher.billingEvent({ event, amount, currency, customer }, opts(o))),
  };
}

/** The dispatcher's result in the legacy shape, or the reason the call failed. Never rejects. */
async function settle(call: () => Promise<DispatchResult>): Promise<LegacyDispatchResult> {
  try {
    const result = await call();
    return {
      success: result.success,
      sent: result.sent,
      failed: result.failed,
      errors: result.errors.map((e) => ({ webhook: e.webhook.name || e.webhook.id, error: e.error.message })),
    };
  } catch (error) {
    return { success: false, sent: 0, failed: 0, errors: [{ webhook: NO_WEBHOOK, error: errorText(error) }] };
  }
}

/** The message of anything thrown (`Name: message` unless it is one of ours, whose messages say it all), token-free. */
export function errorText(error: unknown): string {
  if (error instanceof DispatcherError) return redact(error.message);
  if (error instanceof Error) return redact(error.message ? `${error.name}: ${error.message}` : error.name);
  return redact(String(error));
}

/** Legacy code often sends enum values in capitals: the schemas' values are lower case. */
function lower<T extends string>(value: T | Uppercase<T>): T {
  return (typeof value === "string" ? value.toLowerCase() : value) as T;
}
