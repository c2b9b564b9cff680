import type { WebhookScope, WebhookType } from "discord-webhook-dispatcher";

/** What each notification type means to the person choosing it. */
export const TYPE_LABELS: Record<WebhookType, string> = {
  GAME_SERVER: "Game servers",
  VPS: "VPS",
  SYSTEM: "System status",
  BILLING: "Billing",
  SECURITY: "Security alerts",
  SUPPORT: "Support tickets",
  CUSTOM: "Custom",
};

/** Who a webhook is for, in words. */
export const SCOPE_LABELS: Record<WebhookScope, string> = {
  USER: "Only me",
  ADMIN: "Staff only",
  PUBLIC: "Everyone (public)",
};

export const TYPES = Object.keys(TYPE_LABELS) as WebhookType[];
export const SCOPES = Object.keys(SCOPE_LABELS) as WebhookScope[];

/**
 * Why a webhook stopped, in words a person can act on. The dispatcher stores Discord's answer
 * ("Discord answered 404 Unknown Webhook ..."); the raw reason stays available as a tooltip.
 */
export function disabledInWords(reason: string | null): string {
  if (!reason) return "Turned off. Re-enable it to receive notifications again.";
  if (/\b404\b|unknown webhook/i.test(reason)) {
    return "Discord says this webhook no longer exists (it was deleted in Discord). Create a new one in Discord, paste its URL with Edit, then re-enable.";
  }
  if (/\b401\b|invalid webhook token/i.test(reason)) {
    return "Discord no longer accepts this webhook's token (it was reset or copied wrongly). Paste the current URL with Edit, then re-enable.";
  }
  return `Stopped: ${reason}`;
}
