/**
 * Every word the drop-in panel shows, so a platform can use its own terms and language (`labels` option of
 * `createWebhookRoutes`). Plain text only: labels are escaped wherever they are shown.
 */
import type { WebhookScope, WebhookType } from "../types.js";

/** The panel's words. Pass a part of it as `labels`; the rest stays English. */
export interface PanelLabels {
  /** The page's language (`<html lang>`, date formats). */
  lang: string;
  title: string;
  intro: string;
  signIn: string;
  loading: string;
  empty: string;
  refresh: string;
  add: string;
  name: string;
  url: string;
  urlHint: string;
  urlKeep: string;
  urlOk: string;
  urlBad: string;
  type: string;
  scope: string;
  owner: string;
  save: string;
  cancel: string;
  edit: string;
  enable: string;
  disable: string;
  delete: string;
  confirmDelete: string;
  test: string;
  testOk: string;
  testFailed: string;
  preview: string;
  log: string;
  logEmpty: string;
  logUnavailable: string;
  filterStatus: string;
  filterEvent: string;
  allStatuses: string;
  allEvents: string;
  show: string;
  resend: string;
  resendFailed: string;
  resent: string;
  more: string;
  enabled: string;
  lastDelivered: string;
  neverDelivered: string;
  disabled: string;
  disabledDeleted: string;
  disabledToken: string;
  disabledManual: string;
  disabledOther: string;
  added: string;
  saved: string;
  deleted: string;
  failed: string;
  attempts: string;
  /** Words for each webhook type (the notifications it receives). */
  types: Record<WebhookType, string>;
  /** Words for each scope (who it is for). */
  scopes: Record<WebhookScope, string>;
  /** Words for each event family (previews, the log): the dispatcher's methods, `test`, `resend`, `dispatch`. */
  families: Record<string, string>;
  /** Words for each delivery status of the log. */
  statuses: Record<"delivered" | "failed" | "silenced" | "suppressed", string>;
}

/** A partial override: any top-level label, and any entry of `types`, `scopes` or `statuses`. */
export type PanelLabelsInput = Partial<Omit<PanelLabels, "types" | "scopes" | "statuses" | "families">> & {
  families?: Partial<PanelLabels["families"]>;
  types?: Partial<PanelLabels["types"]>;
  scopes?: Partial<PanelLabels["scopes"]>;
  statuses?: Partial<PanelLabels["statuses"]>;
};

/** The English defaults. */
export const DEFAULT_PANEL_LABELS: PanelLabels = {
  lang: "en",
  title: "Discord webhooks",
  intro: "Where your notifications go in Discord.",
  signIn: "Sign in to manage webhooks.",
  loading: "Loading…",
  empty: "No webhooks yet. Add one below.",
  refresh: "Refresh",
  add: "Add webhook",
  name: "Name",
  url: "Webhook URL",
  urlHint: "In Discord: Server Settings → Integrations → Webhooks → New Webhook → Copy Webhook URL.",
  urlKeep: "Leave empty to keep the current URL.",
  urlOk: "Looks like a Discord webhook URL.",
  urlBad: "Not a Discord webhook URL: it looks like https://discord.com/api/webhooks/{id}/{token}.",
  type: "Notifications",
  scope: "Who it is for",
  owner: "Owner",
  save: "Save",
  cancel: "Cancel",
  edit: "Edit",
  enable: "Re-enable",
  disable: "Disable",
  delete: "Delete",
  confirmDelete: "Delete this webhook? Discord keeps the channel; notifications stop.",
  test: "Send test",
  testOk: "Test message sent.",
  testFailed: "Test failed:",
  preview: "Preview",
  log: "Deliveries",
  logEmpty: "No deliveries yet.",
  logUnavailable: "The delivery log is not available here.",
  filterStatus: "Status",
  filterEvent: "Event",
  allStatuses: "All statuses",
  allEvents: "All events",
  show: "Show message",
  resend: "Resend",
  resendFailed: "Resend failed deliveries",
  resent: "Sent again.",
  more: "Older",
  enabled: "Enabled",
  lastDelivered: "Last delivered",
  neverDelivered: "Nothing delivered yet.",
  disabled: "Disabled",
  disabledDeleted: "Discord deleted this webhook: paste a new URL (Edit).",
  disabledToken: "Discord no longer accepts this webhook's token: paste its current URL (Edit).",
  disabledManual: "Turned off by hand: re-enable it to receive notifications again.",
  disabledOther: "Stopped:",
  added: "Webhook added.",
  saved: "Saved.",
  deleted: "Deleted.",
  failed: "Failed:",
  attempts: "Attempts:",
  types: {
    GAME_SERVER: "Game servers",
    VPS: "VPS",
    SYSTEM: "System status",
    BILLING: "Billing",
    SECURITY: "Security alerts",
    SUPPORT: "Support tickets",
    CUSTOM: "Custom",
  },
  scopes: { USER: "Only me", ADMIN: "Staff only", PUBLIC: "Everyone (public)" },
  families: {
    serverStateChange: "Server state",
    nodeAlert: "Node alert",
    settingsUpdate: "Settings changed",
    syncCompletion: "Sync finished",
    billingEvent: "Billing",
    systemAlert: "System alert",
    supportTicket: "Support ticket",
    custom: "Custom message",
    dispatch: "Custom message",
    test: "Test",
    resend: "Resent",
  },
  statuses: { delivered: "Delivered", failed: "Failed", silenced: "Silenced", suppressed: "Suppressed" },
};

function strings(input: object | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(input ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** The defaults with `input` laid over them. Non-string values are ignored (labels are shown as text). */
export function resolveLabels(input: PanelLabelsInput = {}): PanelLabels {
  const pick = <T extends object>(base: T, over: object | undefined): T => {
    const out = { ...base };
    for (const [k, v] of Object.entries(over ?? {})) {
      if (k in base && typeof v === "string") (out as Record<string, unknown>)[k] = v;
    }
    return out;
  };
  return {
    ...pick(DEFAULT_PANEL_LABELS, input),
    types: pick(DEFAULT_PANEL_LABELS.types, input.types),
    scopes: pick(DEFAULT_PANEL_LABELS.scopes, input.scopes),
    statuses: pick(DEFAULT_PANEL_LABELS.statuses, input.statuses),
    families: { ...DEFAULT_PANEL_LABELS.families, ...strings(input.families) },
  };
}
