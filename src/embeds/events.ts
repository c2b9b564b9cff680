import type * as z from "zod";
import type { WebhookType } from "../types.js";
import { billingEventInputSchema, type BillingEventInput } from "./billing-event.js";
import { customEmbedInputSchema, type CustomEmbedInput } from "./custom.js";
import { nodeAlertInputSchema, type NodeAlertInput } from "./node-alert.js";
import { serverStateChangeInputSchema, type ServerStateChangeInput } from "./server-state-change.js";
import { settingsUpdateInputSchema, type SettingsUpdateInput } from "./settings-update.js";
import { supportTicketInputSchema, type SupportTicketInput } from "./support-ticket.js";
import { syncCompletionInputSchema, type SyncCompletionInput } from "./sync-completion.js";
import { systemAlertInputSchema, type SystemAlertInput } from "./system-alert.js";

/** Which webhook type each event family goes to. The dispatcher generates its methods from this map. */
export const EVENT_WEBHOOK_TYPES = {
  serverStateChange: "GAME_SERVER",
  nodeAlert: "VPS",
  settingsUpdate: "SYSTEM",
  syncCompletion: "SYSTEM",
  billingEvent: "BILLING",
  systemAlert: "SECURITY",
  supportTicket: "SUPPORT",
  custom: "CUSTOM",
} as const satisfies Record<string, WebhookType>;

/** The name of an event family (and of its builder and dispatcher method). */
export type EventName = keyof typeof EVENT_WEBHOOK_TYPES;

/** The input type of each event family. */
export interface EventInputs {
  serverStateChange: ServerStateChangeInput;
  nodeAlert: NodeAlertInput;
  settingsUpdate: SettingsUpdateInput;
  syncCompletion: SyncCompletionInput;
  billingEvent: BillingEventInput;
  systemAlert: SystemAlertInput;
  supportTicket: SupportTicketInput;
  custom: CustomEmbedInput;
}

/** The input schema of each event family (the builders validate with these). */
export const EVENT_INPUT_SCHEMAS = {
  serverStateChange: serverStateChangeInputSchema,
  nodeAlert: nodeAlertInputSchema,
  settingsUpdate: settingsUpdateInputSchema,
  syncCompletion: syncCompletionInputSchema,
  billingEvent: billingEventInputSchema,
  systemAlert: systemAlertInputSchema,
  supportTicket: supportTicketInputSchema,
  custom: customEmbedInputSchema,
} as const satisfies Record<EventName, z.ZodType>;
