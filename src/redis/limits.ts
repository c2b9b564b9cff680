/**
 * Discord's budgets held in Redis, shared by every process of a prefix: per webhook (bucket hash + Discord webhook
 * id, learned from headers), per channel (the hidden limit, learned once for all), per egress IP, blocks set by
 * 429s by their scope, and the count of invalid answers. Checking and taking a slot is one script, so two
 * processes never take the same slot.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { CHANNEL_LEARN_HOLD_WINDOWS, type Learned, type LimitAnswer, type LimitPolicy, type LimitRequest, type LimitTicket } from "../delivery/state.js";
import { answerWaiters } from "../delivery/answer-waiters.js";
import { INVALID, LEARN, TAKE } from "./limits-lua.js";
import { runScript } from "./script.js";

/** The rate-limit part of the state port, on Redis. */
export interface SharedLimits {
  take(request: LimitRequest, policy: LimitPolicy): Promise<LimitTicket | number>;
  learn(ticket: LimitTicket, answer: LimitAnswer, policy: LimitPolicy): Promise<Learned>;
  invalidAnswers(): Promise<number>;
}

/**
 * Part of Discord's per-IP limit the egress window allows. The whole limit: the window is a sliding log on Redis'
 * clock in which a request counts from before it leaves until its answer came back, so its arrival at Discord is
 * always inside the counted span, whichever process sent it; every wait on it also gets `marginMs` (the "little
 * under"). The multi-process test checks it at the fake: never more than the limit in any second.
 */
export const EGRESS_SHARE = 1;

/** Shared limits under `<prefix>:rl:` for `egress` (the IP address the processes send from). */
export function sharedLimits(client: Redis, prefix: string, egress: string): SharedLimits {
  const P = `${prefix}:rl:`;
  const globalOf = (p: LimitPolicy): number => (p.globalLimit > 0 ? Math.max(1, Math.floor(p.globalLimit * EGRESS_SHARE)) : 0);
  const channelOf = (p: LimitPolicy): number => (Number.isFinite(p.channelLimit) && p.channelLimit > 0 ? p.channelLimit : 0);
  // Another request of this process on the route will answer first (a second verify() of one webhook): its answer
  // wakes the waiter here. One on another process is waited out until its slot expires.
  const answers = answerWaiters();
  return {
    async take(request, policy) {
      const id = randomUUID();
      const args = [P, request.webhookId, request.method, egress, globalOf(policy), policy.globalWindowMs, channelOf(policy), policy.channelWindowMs, policy.marginMs, Math.ceil(policy.requestTtlMs), id];
      const wait = Number(await runScript(client, TAKE, [], args));
      if (wait === 0) return { id, webhookId: request.webhookId, method: request.method };
      if (wait > 0) return wait;
      // Woken by the answer (or the slot's expiry); the caller checks anew what that answer changed.
      await answers.wait(`${request.method}:${request.webhookId}`, -wait);
      return 1;
    },
    async learn(ticket, answer, policy) {
      const h = answer.headers;
      const status = answer.status;
      const invalid = status === 401 || status === 403 || (status === 429 && answer.scope !== "shared");
      const resetAfter = numeric(h["x-ratelimit-reset-after"]);
      const args = [
        P, ticket.id, ticket.webhookId, ticket.method, egress, status ?? 0, answer.channelId ?? "",
        h["x-ratelimit-bucket"] ?? "", numeric(h["x-ratelimit-remaining"]), numeric(h["x-ratelimit-limit"]),
        resetAfter === "" ? "" : Number(resetAfter) * 1000, answer.scope ?? "", answer.retryAfterMs ?? "", policy.marginMs,
        invalid ? 1 : 0, channelOf(policy), policy.channelWindowMs * CHANNEL_LEARN_HOLD_WINDOWS,
      ];
      const out = (await runScript(client, LEARN, [], args)) as [number, string];
      answers.answered(`${ticket.method}:${ticket.webhookId}`);
      return { invalidAnswers: out[0], bucket: out[1] === "" ? undefined : out[1] };
    },
    async invalidAnswers() {
      return Number(await runScript(client, INVALID, [], [P, egress]));
    },
  };
}

function numeric(value: string | undefined): string {
  if (value === undefined || value === "") return "";
  return Number.isFinite(Number(value)) ? value : "";
}
