/**
 * Who receives an event: the audience rule.
 */
import { WEBHOOK_SCOPES, type WebhookScope, type WebhookType } from "../types.js";

/**
 * Event types whose PUBLIC webhooks receive events by default, when the event names no customer (no `userId`);
 * the others are internal or private by nature.
 */
export const PUBLIC_BY_DEFAULT: readonly WebhookType[] = ["GAME_SERVER", "VPS", "CUSTOM"];

/**
 * The scopes an event reaches: ADMIN always; USER (the store then matches only `userId`'s own webhooks);
 * PUBLIC by default only for GAME_SERVER, VPS and CUSTOM events that name no customer: an event with a `userId`
 * is about one customer and reaches PUBLIC only when `scopes` lists it. An explicit `scopes` list replaces the
 * default (ADMIN is added back).
 */
export function audienceScopes(type: WebhookType, scopes: readonly WebhookScope[] | undefined, userId?: string | null): WebhookScope[] {
  // A customer's event (their crash loop, their invoice) must not reach the platform's public channel unasked.
  const publicByDefault = userId == null && PUBLIC_BY_DEFAULT.includes(type);
  // ADMIN always; by default USER, and PUBLIC (the only scope left) when public by default; else the scopes asked for.
  const wanted = (s: WebhookScope): boolean => s === "ADMIN" || (scopes === undefined ? s === "USER" || publicByDefault : scopes.includes(s));
  return WEBHOOK_SCOPES.filter(wanted);
}
