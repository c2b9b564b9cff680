/** Bounded retries of idempotent Redis writes (removing sent jobs, recording outcomes) through a short blip. */

/**
 * Runs `fn` until it resolves, waiting 100 ms, 200 ms, ... up to 2 s between attempts, while `budgetMs` lasts and
 * `stopped()` is false; then rejects with the last error. `fn` MUST be safe to run twice (a timed-out attempt may
 * have been applied).
 */
export async function retrying<T>(fn: () => Promise<T>, budgetMs: number, stopped: () => boolean): Promise<T> {
  const end = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const delayMs = Math.min(2000, 100 * 2 ** attempt);
      if (stopped() || Date.now() + delayMs >= end) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
