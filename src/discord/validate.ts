import type * as z from "zod";
import { ValidationError, type ValidationIssue } from "../errors.js";
import { ownData } from "../own.js";

/** Turns zod issues into our `{ path, message }` form. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/**
 * Parses `input` with `schema` or throws a {@link ValidationError} naming each bad path (`what` says what it is).
 * Only own properties are read, and the data comes back in null-prototype objects (see `ownData`): a key the
 * caller did not pass reads `undefined` even when `Object.prototype` is polluted.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(ownData(input));
  if (result.success) return ownData(result.data);
  throw new ValidationError(what, toIssues(result.error), { cause: result.error });
}
