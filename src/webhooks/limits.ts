/**
 * Abuse controls of the management layer: a cooldown on tests (each one spends the platform's Discord budget, and
 * wrong tokens march its IP toward Discord's invalid-request ban) and a cap on webhooks per owner.
 */
import { CooldownError, WebhookLimitError } from "../errors.js";
import type { WebhookStore } from "../types.js";
import type { Actor } from "./types.js";

/** Default of `testCooldownMs`: one test or verify per webhook per actor every 5 s. */
export const DEFAULT_TEST_COOLDOWN_MS = 5000;
/** Default of `maxWebhooksPerOwner`. */
export const DEFAULT_MAX_WEBHOOKS_PER_OWNER = 25;

const DISCORD_ID = /\/webhooks\/(\d{17,20})\//;
// Entries older than the cooldown are swept once the map grows past this, so it cannot grow without bound.
const SWEEP_AT = 10_000;

/** Remembers when each actor last tested each webhook, in this process. */
export interface TestCooldown {
  /** Throws {@link CooldownError} when too soon; otherwise records the attempt (failed tests count too). */
  take(actor: Actor, webhook: { id: string; webhookUrl: string }): void;
}

/** A {@link TestCooldown} of `ms` milliseconds (0 turns it off). */
export function testCooldown(ms: number, now: () => number = Date.now): TestCooldown {
  const last = new Map<string, number>();
  return {
    take(actor, webhook) {
      if (ms <= 0) return;
      const at = now();
      // Keyed by Discord's webhook id when known: deleting and re-adding the same URL does not reset the clock.
      const target = DISCORD_ID.exec(webhook.webhookUrl)?.[1] ?? webhook.id;
      const key = `${actor.isAdmin ? "admin" : "user"}:${actor.userId ?? ""}:${target}`;
      const previous = last.get(key);
      if (previous !== undefined && at - previous < ms) {
        const retryAfterMs = ms - (at - previous);
        throw new CooldownError(`This webhook was tested moments ago; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, retryAfterMs);
      }
      if (last.size >= SWEEP_AT) for (const [k, t] of last) if (at - t >= ms) last.delete(k);
      last.set(key, at);
    },
  };
}

/**
 * Throws {@link WebhookLimitError} when `owner` already has `max` webhooks. Owner-less (admin) webhooks are not
 * capped. Two creates racing may both pass: the cap is a guard against abuse, not an exact quota.
 */
export async function assertBelowCap(store: WebhookStore, owner: string | null, max: number): Promise<void> {
  if (owner === null || !Number.isFinite(max)) return;
  const count = (await store.listWebhooks({ userId: owner })).length;
  if (count >= max) {
    throw new WebhookLimitError(`This account already has ${count} webhooks, the most allowed (${max}); delete one first.`, max);
  }
}
