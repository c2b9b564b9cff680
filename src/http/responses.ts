/**
 * JSON responses and the mapping from this package's errors to HTTP statuses. An error of this package is answered
 * with its `userMessage` (a plain sentence for people); its technical `message` is for logs. Unknown errors become a
 * bare 500: their messages may hold internals (SQL, paths), so they go to `onError`, never to the client.
 */
import { CooldownError, DispatcherError, ValidationError, type ValidationIssue } from "../errors.js";

/**
 * The body of every error response: a stable `code` for programs, a plain `message` for people (the error's
 * `userMessage`), and for validation errors each bad field (`issues`, webhook tokens masked).
 */
export interface ErrorBody {
  error: { code: string; message: string; issues?: readonly ValidationIssue[] };
}

const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

/** A JSON response with headers that keep it out of caches and sniffers. */
export function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...HEADERS, ...extra } });
}

/** An empty response (204) with the same headers minus the content type. */
export function empty(status: number): Response {
  return new Response(null, { status, headers: { "cache-control": "no-store" } });
}

/** A JSON error response. */
export function errorResponse(status: number, code: string, message: string, extra?: { issues?: readonly ValidationIssue[]; headers?: Record<string, string> }): Response {
  const error: ErrorBody["error"] = { code, message };
  if (extra?.issues) error.issues = extra.issues;
  return json(status, { error }, extra?.headers);
}

/**
 * An error raised while handling a request, already knowing its status (bad body, wrong method, no actor).
 * Thrown inside the router and answered by {@link toErrorResponse}.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

const STATUS_BY_CODE: Partial<Record<string, number>> = {
  VALIDATION: 400,
  INVALID_WEBHOOK_URL: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  DUPLICATE_WEBHOOK: 409,
  WEBHOOK_LIMIT: 409,
  COOLDOWN: 429,
  WEBHOOK_UNVERIFIED: 422,
  WEBHOOK_DISABLED: 409,
};

/** The response for a thrown error, and whether it was unexpected (and so should be reported). */
export function toErrorResponse(error: unknown): { response: Response; unexpected: boolean } {
  if (error instanceof HttpError) {
    return { response: errorResponse(error.status, error.code, error.message, { headers: error.headers }), unexpected: false };
  }
  if (error instanceof DispatcherError) {
    const status = STATUS_BY_CODE[error.code];
    if (status !== undefined) {
      const issues = error instanceof ValidationError ? error.issues : undefined;
      const headers = error instanceof CooldownError ? { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) } : undefined;
      return { response: errorResponse(status, error.code, error.userMessage, { ...(issues ? { issues } : {}), ...(headers ? { headers } : {}) }), unexpected: false };
    }
  }
  return { response: errorResponse(500, "INTERNAL", "Something went wrong on our side."), unexpected: true };
}
