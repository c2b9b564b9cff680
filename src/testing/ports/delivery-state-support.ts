/** Helpers of the delivery-state port's conformance suite: sample jobs, rate-limit headers, waits. */
import assert from "node:assert/strict";
import type { LimitPolicy, LimitTicket, QueuedEmbed } from "../../delivery/state.js";

/** A policy with no global budget and a short request TTL, so waits stay short. */
export const POLICY: LimitPolicy = { globalLimit: 0, globalWindowMs: 1000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 200 };

let seq = 0;

/**
 * `n` jobs of one new delivery for `laneId` (each call a new delivery id).
 * @param laneId - the lane every job is queued on.
 * @param n - how many jobs (embeds) the delivery has.
 */
export function sampleJobs(laneId: string, n: number): QueuedEmbed[] {
  const deliveryId = `d${++seq}`;
  return Array.from({ length: n }, (_, i) => ({ id: `${deliveryId}-${i}`, laneId, deliveryId, embed: { title: `t${i}` }, message: { allowed_mentions: { parse: [] } }, solo: false }));
}

/** Discord's rate-limit headers for one answer. */
export const headers = (bucket: string, remaining: number, resetAfterS: number, limit = 5): Record<string, string> => ({
  "x-ratelimit-bucket": bucket,
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset-after": String(resetAfterS),
  "x-ratelimit-limit": String(limit),
});

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 2 ms for up to 3 s. */
export async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 3000;
  while (!check() && Date.now() < end) await sleep(2);
}

/** The ticket `take` gave, or an assertion error when it gave a wait. */
export function ticket(t: LimitTicket | number): LimitTicket {
  if (typeof t === "number") throw new assert.AssertionError({ message: `expected a ticket, got a wait of ${t} ms` });
  return t;
}

/** `list[i]`, or an assertion error when the list is shorter. */
export function nth<T>(list: readonly T[], i: number): T {
  const item = list[i];
  if (item === undefined) throw new assert.AssertionError({ message: `expected at least ${i + 1} item(s), got ${list.length}` });
  return item;
}

/** The first two items of `list` (an assertion error when it has fewer). */
export const two = <T>(list: readonly T[]): [T, T] => [nth(list, 0), nth(list, 1)];
