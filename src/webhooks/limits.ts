/**
 * Abuse controls of the management layer: cooldowns on tests and on re-enabling (each spends the platform's Discord
 * budget, and wrong tokens march its IP toward Discord's invalid-request ban) and a cap on webhooks per owner.
 */
import { CooldownError, WebhookLimitError } from "../errors.js";
import type { WebhookStore } from "../types.js";
import type { Actor } from "./types.js";
import { discordIdOf } from "../discord/rules.js";

/** Default of `testCooldownMs`: one test or verify per webhook per actor every 5 s. */
export const DEFAULT_TEST_COOLDOWN_MS = 5000;
/** Default of `maxWebhooksPerOwner`. */
export const DEFAULT_MAX_WEBHOOKS_PER_OWNER = 25;

// Entries older than the cooldown are swept once the map grows past this, so it cannot grow without bound.
const SWEEP_AT = 10_000;

/** Gives back an attempt that never reached Discord; a no-op once a later attempt replaced it. */
export type Refund = () => void;

/** Remembers, in this process, when each key was last used; sooner than `ms` is a {@link CooldownError}. */
export interface Cooldown {
  /** Throws {@link CooldownError} (with `what` in its message) when too soon; otherwise records the attempt. */
  take(key: string, what: string): Refund;
}

/** A {@link Cooldown} of `ms` milliseconds (0 turns it off). */
export function cooldown(ms: number, now: () => number = Date.now): Cooldown {
  const last = new Map<string, number>();
  return {
    take(key, what) {
      if (ms <= 0) return () => undefined;
      const at = now();
      const previous = last.get(key);
      if (previous !== undefined && at - previous < ms) {
        const retryAfterMs = ms - (at - previous);
        throw new CooldownError(`This webhook was ${what} moments ago; try again in ${Math.ceil(retryAfterMs / 1000)} s.`, retryAfterMs);
      }
      if (last.size >= SWEEP_AT) for (const [k, t] of last) if (at - t >= ms) last.delete(k);
      last.set(key, at);
      return () => {
        if (last.get(key) === at) last.delete(key);
      };
    },
  };
}

/**
 * What a cooldown is keyed by: Discord's webhook id when the URL holds one (deleting and re-adding the same URL, or
 * one record after another with wrong tokens for it, does not reset the clock), else the record's id.
 */
export function cooldownTarget(webhook: { id: string; webhookUrl: string }): string {
  return discordIdOf(webhook.webhookUrl) ?? webhook.id;
}

/** The key of one actor's tests of one Discord webhook. */
export function testKey(actor: Actor, webhook: { id: string; webhookUrl: string }): string {
  return `${actor.isAdmin ? "admin" : "user"}:${actor.userId ?? ""}:${cooldownTarget(webhook)}`;
}

/**
 * Throws {@link WebhookLimitError} when `owner` already has `max` webhooks. Owner-less (admin) webhooks are not
 * capped. Callers serialise the check and the write per owner ({@link keyedMutex}): within one process the cap is
 * exact; several processes can each pass it at once (see docs/management.md).
 */
export async function assertBelowCap(store: WebhookStore, owner: string | null, max: number): Promise<void> {
  if (owner === null || !Number.isFinite(max)) return;
  const count = (await store.listWebhooks({ userId: owner })).length;
  if (count >= max) {
    throw new WebhookLimitError(`This account already has ${count} webhooks, the most allowed (${max}); delete one first.`, max);
  }
}

/** Runs `fn` after every earlier call with the same key has settled (one at a time per key, in call order). */
export type KeyedMutex = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** A {@link KeyedMutex}; a key is forgotten once nothing holds or waits for it, so memory stays bounded. */
export function keyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, fn) => {
    const before = tails.get(key) ?? Promise.resolve();
    const run = before.then(fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
