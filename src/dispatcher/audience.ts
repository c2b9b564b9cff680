/**
 * Who receives an event: the audience rule.
 */
import { WEBHOOK_SCOPES, type WebhookScope, type WebhookType } from "../types.js";

/** Event types whose PUBLIC webhooks receive events by default; the others are internal or private by nature. */
export const PUBLIC_BY_DEFAULT: readonly WebhookType[] = ["GAME_SERVER", "VPS", "CUSTOM"];

/**
 * The scopes an event reaches: ADMIN always; USER (the store then matches only `userId`'s own webhooks);
 * PUBLIC by default only for GAME_SERVER, VPS and CUSTOM. An explicit `scopes` list replaces the default
 * (ADMIN is added back).
 */
export function audienceScopes(type: WebhookType, scopes: readonly WebhookScope[] | undefined): WebhookScope[] {
  const wanted = new Set<WebhookScope>(scopes ?? (PUBLIC_BY_DEFAULT.includes(type) ? ["USER", "PUBLIC"] : ["USER"]));
  wanted.add("ADMIN");
  return WEBHOOK_SCOPES.filter((s) => wanted.has(s));
}
