/**
 * The count of invalid answers from Discord (401, 403, and 429 other than scope `shared`) in the last 10 minutes
 * (`INVALID_WINDOW_MS`), as the in-memory rate limiter keeps it for the invalid-request brake.
 */
import { INVALID_WINDOW_MS, type LimitAnswer } from "./state-limits.js";

/** The count of one process. Times are milliseconds on the limiter's monotonic clock. */
export interface InvalidCount {
  /** Counts `answer` when it is an invalid one; gives the count in the window ending at `t`. */
  add(answer: LimitAnswer, t: number): number;
  /** The count in the window ending at `t`. */
  at(t: number): number;
}

/** An empty count. */
export function invalidCount(): InvalidCount {
  const invalid: number[] = [];
  const prune = (t: number): void => {
    let drop = 0;
    while (drop < invalid.length && (invalid[drop] ?? 0) <= t - INVALID_WINDOW_MS) drop += 1;
    if (drop > 0) invalid.splice(0, drop);
  };
  return {
    add(answer, t) {
      prune(t);
      if (answer.status === 401 || answer.status === 403 || (answer.status === 429 && answer.scope !== "shared")) invalid.push(t);
      return invalid.length;
    },
    at(t) {
      prune(t);
      return invalid.length;
    },
  };
}
