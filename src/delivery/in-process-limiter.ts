/**
 * The rate-limit port kept in this process: Discord's budgets in maps (memory-limits.ts), and a request that must
 * wait for an answer in flight on its route woken by that answer, never polled (answer-waiters.ts).
 */
import { answerWaiters } from "./answer-waiters.js";
import { memoryLimits } from "./memory-limits.js";
import type { RateLimiter } from "./state.js";

/** A {@link RateLimiter} in this process, plus how many entries it holds (`stats().tracked`). */
export interface InProcessLimiter extends RateLimiter {
  tracked(): number;
}

/** Creates one; `closed()` true makes `take` answer at once instead of waiting for an answer in flight. */
export function inProcessLimiter(now: () => number, closed: () => boolean): InProcessLimiter {
  const limits = memoryLimits(now);
  const answers = answerWaiters();
  return {
    async take(request, policy) {
      const slot = limits.take(request, policy);
      if (typeof slot !== "number" || !limits.awaitsAnswer(request) || closed()) return slot;
      // Woken by the answer (or the slot's expiry); the caller checks anew what that answer changed.
      await answers.wait(`${request.method}:${request.webhookId}`, slot);
      return 1;
    },
    learn(ticket, answer, policy) {
      const learned = limits.learn(ticket, answer, policy);
      answers.answered(`${ticket.method}:${ticket.webhookId}`);
      return Promise.resolve(learned);
    },
    invalidAnswers: () => Promise.resolve(limits.invalidAnswers()),
    tracked: () => limits.tracked(),
  };
}
