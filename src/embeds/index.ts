/**
 * Pure embed builders: one function per event family. Each validates its input with an exported zod schema and
 * returns a plain Discord embed that passes Discord's limits. No I/O, no environment, no hidden clock.
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import { billingEvent } from "./billing-event.js";
import { custom } from "./custom.js";
import type { EventInputs, EventName } from "./events.js";
import { nodeAlert } from "./node-alert.js";
import { serverStateChange } from "./server-state-change.js";
import { settingsUpdate } from "./settings-update.js";
import type { EmbedOptions } from "./shared.js";
import { supportTicket } from "./support-ticket.js";
import { syncCompletion } from "./sync-completion.js";
import { systemAlert } from "./system-alert.js";

/** A builder: validated input (and options) in, a Discord embed out. Throws `ValidationError` on bad input. */
export type EmbedBuilderFn<K extends EventName> = (input: EventInputs[K], options?: EmbedOptions) => DiscordEmbed;

/** The builders of every event family. */
export type EmbedBuilders = { readonly [K in EventName]: EmbedBuilderFn<K> };

/**
 * One pure builder per event family.
 *
 * @example
 * ```ts
 * import { embeds } from "discord-webhook-dispatcher"
 * const embed = embeds.serverStateChange(
 *   { serverName: "Survival #1", state: "online" },
 *   { branding: { footer: "Acme Hosting" }, now: () => new Date() },
 * )
 * ```
 */
export const embeds: EmbedBuilders = {
  serverStateChange,
  nodeAlert,
  settingsUpdate,
  syncCompletion,
  billingEvent,
  systemAlert,
  supportTicket,
  custom,
};

export { COLORS, type Branding, type ColorName, type EmbedOptions } from "./shared.js";
export { brandingSchema, INPUT_LIMITS, timestampSchema } from "./inputs.js";
export { EVENT_INPUT_SCHEMAS, EVENT_WEBHOOK_TYPES, type EventInputs, type EventName } from "./events.js";
export { SERVER_STATES, serverStateChangeInputSchema, type ServerState, type ServerStateChangeInput } from "./server-state-change.js";
export {
  CRITICAL_USAGE_PERCENT,
  DEFAULT_USAGE_THRESHOLD,
  NODE_RESOURCES,
  nodeAlertInputSchema,
  type NodeAlertInput,
  type NodeResource,
} from "./node-alert.js";
export { settingsUpdateInputSchema, type SettingsUpdateInput } from "./settings-update.js";
export { SYNC_COUNTS, syncCompletionInputSchema, type SyncCompletionInput, type SyncSummary } from "./sync-completion.js";
export { BILLING_EVENTS, billingEventInputSchema, type BillingEventInput, type BillingEventKind } from "./billing-event.js";
export { ALERT_SEVERITIES, systemAlertInputSchema, type AlertSeverity, type SystemAlertInput } from "./system-alert.js";
export {
  TICKET_ACTIONS,
  TICKET_PRIORITIES,
  supportTicketInputSchema,
  type SupportTicketInput,
  type TicketAction,
  type TicketPriority,
} from "./support-ticket.js";
export { customEmbedInputSchema, type CustomEmbedInput } from "./custom.js";
