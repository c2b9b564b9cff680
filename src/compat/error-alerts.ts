/**
 * Unhandled errors of the host's routes as SECURITY alerts: a Fetch-API handler wrapper and an Express-style error
 * middleware. The alert is sent in the background (the error goes on at once, untouched), with a redacted stack, and
 * a loop of the same error posts once per window, the next alert counting the repeats.
 */
import { redact } from "../discord/redact.js";
import type { Logger } from "../delivery/hooks.js";
import type { Dispatcher, DispatchOptions } from "../dispatcher/types.js";
import type { AlertSeverity } from "../embeds/system-alert.js";
import { errorText } from "./legacy.js";

/** Options of {@link withErrorAlerts} and {@link errorAlerts}. */
export interface ErrorAlertOptions {
  /** The route named in the alert, e.g. `"/api/servers/[id]"`. Default: the request's path (never its query). */
  route?: string;
  /** The same error (by fingerprint) alerts once per this many ms; repeats are counted into the next alert. Default 300 000 (5 min). */
  windowMs?: number;
  /** Default `"error"`. */
  severity?: AlertSeverity;
  /** The alert's source line. Default `"route handler"`. */
  source?: string;
  /** Routing options of the alert (e.g. `scopes`). */
  dispatch?: DispatchOptions;
  /** Receives failures to send the alert (they never reach the caller). Default: silent. */
  logger?: Logger;
  /** Clock of the window, in ms. Default `Date.now`. */
  now?: () => number;
}

/** The request fields the Express middleware reads (typed structurally: no Express import). */
export interface ErrorAlertRequest {
  method?: string;
  originalUrl?: string;
  url?: string;
  route?: { path?: unknown };
}

/** Most stack lines an alert shows. */
const STACK_LINES = 8;
/** Most fingerprints remembered per dispatcher; expired ones are dropped first. */
const MAX_FINGERPRINTS = 1000;

interface Seen {
  until: number;
  repeats: number;
}

// Shared by every wrapper of one dispatcher, so the same error thrown in two routes still posts once.
const seenByDispatcher = new WeakMap<Dispatcher, Map<string, Seen>>();

/**
 * Wraps a Fetch-API route handler (Next.js App Router, Hono, Remix, ...): when it throws, a `systemAlert` (SECURITY
 * webhooks) names the route, the method, status 500 and the error with its redacted stack, and the same error is
 * re-thrown untouched. The alert is fire-and-forget: it never delays the rethrow, and its failures go to
 * `options.logger`. Returned responses, 500s included, are passed through without an alert.
 *
 * @example
 * ```ts
 * export const GET = withErrorAlerts(async (req, ctx: { params: Promise<{ id: string }> }) => Response.json(...), dispatcher, { route: "/api/servers/[id]" });
 * ```
 */
export function withErrorAlerts<R extends Request, A extends unknown[]>(
  handler: (request: R, ...rest: A) => Response | Promise<Response>,
  dispatcher: Dispatcher,
  options: ErrorAlertOptions = {},
): (request: R, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      alertError(dispatcher, options, error, request.method, options.route ?? pathOf(request.url), 500);
      throw error;
    }
  };
}

/**
 * An Express (or Connect-style) error middleware: alerts like {@link withErrorAlerts} for errors whose status
 * (`err.status` / `err.statusCode`, default 500) is 500 or more, then calls `next(err)` with the error untouched.
 * Register it after your routes: `app.use(errorAlerts(dispatcher))`.
 */
export function errorAlerts(dispatcher: Dispatcher, options: ErrorAlertOptions = {}): (err: unknown, req: ErrorAlertRequest, res: unknown, next: (err?: unknown) => void) => void {
  return (err, req, _res, next) => {
    try {
      const status = statusOf(err);
      const route = options.route ?? (typeof req.route?.path === "string" ? req.route.path : pathOf(req.originalUrl ?? req.url ?? ""));
      if (status >= 500) alertError(dispatcher, options, err, req.method ?? "?", route, status);
    } finally {
      next(err);
    }
  };
}

/**
 * A stable name for "the same error": its name, its message with numbers and ids blanked, and its top stack frame.
 */
export function errorFingerprint(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const frame = error instanceof Error ? (error.stack?.split("\n").find((l) => /^\s*at\s/.test(l))?.trim() ?? "") : "";
  const shape = message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{8,}|\d+/gi, "#");
  return `${name}|${shape}|${frame}`;
}

function alertError(dispatcher: Dispatcher, options: ErrorAlertOptions, error: unknown, method: string, route: string, status: number): void {
  const log = (message: string, meta: Record<string, unknown>): void => {
    try {
      options.logger?.error?.(`[discord-webhook-dispatcher] ${message}`, meta);
    } catch {
      // A broken logger must not turn an alert into a second error.
    }
  };
  try {
    const repeats = admit(dispatcher, errorFingerprint(error), options);
    if (repeats === undefined) return;
    const text = errorText(error);
    const again = repeats > 0 ? ` The same error happened ${repeats} more time${repeats === 1 ? "" : "s"} in the previous window.` : "";
    const alert = dispatcher.systemAlert(
      {
        title: `${status} on ${method} ${route}`.slice(0, 200),
        message: `${method} ${route} failed with status ${status}: ${text}.${again}`,
        severity: options.severity ?? "error",
        source: options.source ?? "route handler",
        error: stackOf(error) ?? text,
      },
      options.dispatch,
    );
    void alert.then(
      (result) => {
        if (!result.success) log("error alert not delivered", { route, errors: result.errors.map((e) => e.error.message) });
      },
      (failure: unknown) => {
        log("error alert failed", { route, error: errorText(failure) });
      },
    );
  } catch (failure) {
    log("error alert failed", { route, error: errorText(failure) });
  }
}

/** Repeats to mention when this error may alert now; `undefined` while its window is open (counted as a repeat). */
function admit(dispatcher: Dispatcher, fingerprint: string, options: ErrorAlertOptions): number | undefined {
  let seen = seenByDispatcher.get(dispatcher);
  if (!seen) {
    seen = new Map<string, Seen>();
    seenByDispatcher.set(dispatcher, seen);
  }
  const now = (options.now ?? Date.now)();
  const entry = seen.get(fingerprint);
  if (entry && now < entry.until) {
    entry.repeats += 1;
    return undefined;
  }
  if (seen.size >= MAX_FINGERPRINTS) {
    for (const [key, value] of seen) if (value.until <= now) seen.delete(key);
    if (seen.size >= MAX_FINGERPRINTS) seen.delete(seen.keys().next().value ?? "");
  }
  seen.delete(fingerprint);
  seen.set(fingerprint, { until: now + (options.windowMs ?? 300_000), repeats: 0 });
  return entry?.repeats ?? 0;
}

function stackOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  return redact(error.stack.split("\n").slice(0, STACK_LINES + 1).join("\n"));
}

function statusOf(err: unknown): number {
  if (typeof err !== "object" || err === null) return 500;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const value = typeof statusCode === "number" ? statusCode : status;
  return typeof value === "number" && value >= 100 && value <= 599 ? value : 500;
}

/** The path of a URL, without query or fragment (they may hold secrets). */
function pathOf(url: string): string {
  try {
    return redact(new URL(url, "http://localhost").pathname);
  } catch {
    return redact(url.split(/[?#]/)[0] ?? "");
  }
}
