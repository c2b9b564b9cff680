/**
 * Errors cross processes as plain JSON (name, code, message and every typed field: `userMessage`, `status`,
 * `discordCode`, `issues`...), and come back as the same error classes (looked up by code in `ERROR_CLASSES`), so a
 * result awaited in one process reads like one settled in it. Every string is redacted once more before it is written.
 */
import { redact } from "../discord/redact.js";
import { errorClassOf } from "../error-codes.js";
import type { DispatcherError, DispatcherErrorCode } from "../errors.js";

/** A {@link DispatcherError} as JSON: its name, code, message and its other own fields (never `cause` nor `stack`). */
export interface ErrorJson {
  name: string;
  code: DispatcherErrorCode;
  message: string;
  [field: string]: unknown;
}

/** A field value made safe for JSON: strings redacted, arrays and plain objects walked, anything else dropped. */
function safeValue(value: unknown): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (Array.isArray(value)) return value.map(safeValue);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeValue(v)]));
  return undefined;
}

/** The JSON form of an error. Nothing unmasked is ever written to Redis: every string is redacted again. */
export function errorToJson(error: DispatcherError): ErrorJson {
  const json: ErrorJson = { name: error.name, code: error.code, message: redact(error.message) };
  for (const [key, value] of Object.entries(error)) {
    if (key === "cause" || key === "stack" || key in json) continue;
    const safe = safeValue(value);
    if (safe !== undefined) json[key] = safe;
  }
  return json;
}

/** The error back from JSON, of the class its code (and name) say, with every field it was written with. */
export function errorFromJson(json: ErrorJson): DispatcherError {
  const error = Object.create(errorClassOf(json.code, json.name).prototype as object) as DispatcherError;
  // The stack is this process's; the message is kept exactly as the sending process wrote it.
  const { stack } = new Error(json.message);
  for (const [key, value] of Object.entries({ ...json, stack })) {
    Object.defineProperty(error, key, { value, enumerable: key !== "message" && key !== "stack", writable: true, configurable: true });
  }
  return error;
}
