/**
 * Discord's "Invalid Form Body" error tree: `{ embeds: { 0: { title: { _errors: [{ code, message }] } } } }`.
 */
import { isHttpUrl } from "../../discord/rules.js";

/** One error at a path. */
export interface FormError {
  code: string;
  message: string;
}

/** A nested error object as Discord returns it under `errors`. */
export interface FormErrorTree {
  _errors?: FormError[];
  [key: string]: FormErrorTree | FormError[] | undefined;
}

/** Collects errors by path and renders Discord's tree. */
export interface FormErrors {
  add(path: readonly (string | number)[], code: string, message: string): void;
  readonly count: number;
  tree(): FormErrorTree;
}

/** A fresh, empty collector. */
export function formErrors(): FormErrors {
  const root: FormErrorTree = {};
  let count = 0;
  return {
    add(path, code, message) {
      let node = root;
      for (const key of path) {
        const k = String(key);
        const next = node[k];
        if (next !== undefined && !Array.isArray(next)) {
          node = next;
        } else {
          const child: FormErrorTree = {};
          node[k] = child;
          node = child;
        }
      }
      (node._errors ??= []).push({ code, message });
      count += 1;
    },
    get count() {
      return count;
    },
    tree: () => root,
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length as Discord counts it: code points after trimming. */
export function discordChars(text: string): number {
  // A surrogate pair is one code point; UTF-16 `.length` would count it twice.
  return text.trim().replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "_").length;
}

/** `true` for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a string field: type, maximum length and, when `required`, presence and non-emptiness. */
export function checkString(
  errors: FormErrors,
  path: readonly (string | number)[],
  value: unknown,
  max: number,
  required = false,
): string | undefined {
  if (value === undefined || value === null) {
    if (required) errors.add(path, "BASE_TYPE_REQUIRED", "This field is required");
    return undefined;
  }
  if (typeof value !== "string") {
    errors.add(path, "BASE_TYPE_STRING", "Must be a string.");
    return undefined;
  }
  if (LONE_SURROGATE.test(value)) {
    // JSON can carry a lone surrogate as an escape, but it is not text: Discord cannot store it.
    errors.add(path, "BASE_TYPE_STRING", "Must be valid Unicode text.");
    return value;
  }
  const n = discordChars(value);
  if (required && n === 0) errors.add(path, "BASE_TYPE_REQUIRED", "This field is required");
  else if (n > max) errors.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
  return value;
}

/** Checks an optional URL field: a well-formed http(s) URL (images may also use `attachment://`). */
export function checkUrl(
  errors: FormErrors,
  path: readonly (string | number)[],
  value: unknown,
  allowAttachment = false,
  required = false,
): void {
  if (value === undefined || value === null) {
    if (required) errors.add(path, "BASE_TYPE_REQUIRED", "This field is required");
    return;
  }
  if (typeof value !== "string") {
    errors.add(path, "BASE_TYPE_STRING", "Must be a string.");
    return;
  }
  if (allowAttachment && /^attachment:\/\/.+/.test(value)) return;
  if (!isHttpUrl(value)) errors.add(path, "URL_TYPE_INVALID_URL", "Not a well formed URL.");
}

