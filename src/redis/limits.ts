/**
 * Discord's budgets held in Redis, shared by every process of a prefix: per webhook (bucket hash + Discord webhook
 * id, learned from headers), per channel (the hidden limit, learned once for all), per egress IP, blocks set by
 * 429s by their scope, and the count of invalid answers. Checking and taking a slot is one script, so two
 * processes never take the same slot.
 */
import type { Redis } from "ioredis";
import { answeredAgoMs, sharedLimiter } from "../delivery/shared-limits.js";
import type { RateLimiter } from "../delivery/state.js";
import { INVALID, LEARN, TAKE } from "./limits-lua.js";
import { runScript } from "./script.js";

/** Shared limits under `<prefix>:rl:` for `egress` (the IP address the processes send from). */
export function sharedLimits(client: Redis, prefix: string, egress: string): RateLimiter {
  const P = `${prefix}:rl:`;
  return sharedLimiter({
    async take(a) {
      const args = [P, a.webhookId, a.method, egress, a.globalLimit, a.globalWindowMs, a.channelLimit, a.channelWindowMs, a.marginMs, a.requestTtlMs, a.ticketId];
      return Number(await runScript(client, TAKE, [], args));
    },
    async learn(a) {
      const args = [
        P, a.ticketId, a.webhookId, a.method, egress, a.status, a.channelId, a.bucket, a.remaining, a.limit, a.resetAfterMs,
        a.scope, a.retryAfterMs, a.marginMs, a.invalid ? 1 : 0, a.channelLimit, a.learnedHoldMs, answeredAgoMs(a.answeredAt),
      ];
      const out = (await runScript(client, LEARN, [], args)) as [number, string];
      return [out[0], out[1]];
    },
    async invalid() {
      return Number(await runScript(client, INVALID, [], [P, egress]));
    },
  });
}
