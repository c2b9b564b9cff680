import type * as z from "zod";
import { ValidationError, type ValidationIssue } from "../errors.js";

/** Turns zod issues into our `{ path, message }` form. */
export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/**
 * Parses `input` with `schema` or throws a {@link ValidationError} naming each bad path (`what` says what it is).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(what, toIssues(result.error), { cause: result.error });
}
