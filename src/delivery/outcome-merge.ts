/**
 * How the settled parts of one delivery merge into its outcome: the one rule of the outcome port (`OutcomeBook` in
 * state.ts), applied by every implementation written in TypeScript (memory, PostgreSQL). Redis applies the same
 * rule inside its settle script, so that a part is merged atomically on the server; `runOutcomesConformance` pins all
 * three case by case.
 */
import type { SettledEmbeds } from "./state.js";

/** A delivery's outcome so far, with its error in whatever form the implementation keeps it (`E`). */
export interface MergedOutcome<E> {
  status: "delivered" | "failed";
  messageIds: string[];
  attempts: number;
  lastStatus?: number;
  error?: E;
}

/** A delivery that no part has settled yet. */
export const emptyOutcome = <E>(): MergedOutcome<E> => ({ status: "delivered", messageIds: [], attempts: 0 });

/**
 * Merges one part into `outcome` in place: `failed` once any part failed, keeping the first failure's error
 * (`errorOf` converts the part's error, called only when it is kept); message ids in settling order without repeats;
 * the most attempts of any part; the last status given.
 */
export function mergePart<E>(outcome: MergedOutcome<E>, part: SettledEmbeds, errorOf: (error: NonNullable<SettledEmbeds["error"]>) => E): void {
  outcome.attempts = Math.max(outcome.attempts, part.attempts);
  if (part.lastStatus !== undefined) outcome.lastStatus = part.lastStatus;
  if (part.messageId !== undefined && !outcome.messageIds.includes(part.messageId)) outcome.messageIds.push(part.messageId);
  if (part.status === "failed") {
    outcome.status = "failed";
    if (part.error && outcome.error === undefined) outcome.error = errorOf(part.error);
  }
}
