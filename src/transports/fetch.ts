import { redact, tokensIn } from "../discord/redact.js";
import { DISCORD_API_BASE } from "../discord/webhook-url.js";
import { TransportError } from "../errors.js";
import type { Transport, TransportFile, TransportRequest, TransportResponse } from "../types.js";
import { fetchSettings, type Settings } from "./fetch-options.js";
import { exchanger, type Exchanger } from "./exchange.js";
import { describeError, scrubError } from "./safe-error.js";

export { DEFAULT_USER_AGENT } from "./fetch-options.js";

/** Options of {@link fetchTransport}. */
export interface FetchTransportOptions {
  /**
   * Where requests go. Every request URL that starts with `https://discord.com/api/v10` has that prefix replaced
   * by this, so stored URLs stay real Discord URLs while tests, demos and proxies point elsewhere.
   * Default: the environment variable `DISCORD_API_BASE_URL` when it is set (not empty), else
   * `https://discord.com/api/v10`. An http(s) URL without query, fragment or credentials, else a `ConfigError`.
   */
  apiBaseUrl?: string;
  /**
   * Milliseconds before one request (headers and body) is abandoned with a `TIMEOUT` error, when the caller passes
   * no `signal`. A caller with its own deadline (the dispatcher's `timeoutMs`) passes a signal instead, aborted with
   * a `TimeoutError` reason, which also gives `TIMEOUT`. From 1 to 2147483647. Default `15000`.
   */
  timeoutMs?: number;
  /** Default {@link DEFAULT_USER_AGENT}. */
  userAgent?: string;
}

/** The transport `fetchTransport()` returns: `apiBaseUrl` is where it sends (after the env var and defaults). */
export interface FetchTransport extends Transport {
  readonly apiBaseUrl: string;
}

/**
 * The default {@link Transport}: exactly one HTTP request per `send`, no retries, no sleeping, no logging. On Node it
 * sends with `node:http(s)` and a keep-alive agent (files with `fetch`); elsewhere with `fetch`.
 * Resolves with every status Discord answers (including 4xx, 429 and 5xx) with lower-cased headers and the body
 * (parsed JSON, else text, else `null`). Redirects are not followed: a 3xx is returned as the answer (the dispatcher
 * fails it as a `DiscordHTTPError`, without retrying). Rejects with a {@link TransportError} only when no answer arrived:
 * code `TIMEOUT` when `timeoutMs` passed, `TRANSPORT` for network errors and aborts. Errors carry the URL with
 * its token masked, and their `cause` chain is token-free. Options are checked at once (`ConfigError` naming the
 * option); the environment variable `DISCORD_API_BASE_URL` aims it like `apiBaseUrl` (the option wins).
 *
 * @example
 * ```ts
 * const transport = fetchTransport({ timeoutMs: 10_000 });
 * const res = await transport.send({ url: `${webhookUrl}?wait=true`, body: { content: "Backup finished" } });
 * if (res.status === 200) console.log("message id", (res.body as { id: string }).id);
 * ```
 */
export function fetchTransport(options: FetchTransportOptions = {}): FetchTransport {
  const settings = fetchSettings(options);
  const exchange = exchanger();
  return { apiBaseUrl: settings.apiBaseUrl, send: (request) => sendOnce(request, settings, exchange) };
}


async function sendOnce(request: TransportRequest, settings: Settings, exchange: Exchanger): Promise<TransportResponse> {
  const method = request.method ?? "POST";
  const url = rewrite(request.url, settings.apiBaseUrl);
  const fail = failure(method, url);
  const json = method === "POST" || method === "PATCH" ? serialize(request.body, fail) : undefined;
  // With files, a fresh multipart body per call (a retry sends them again): `payload_json` plus `files[n]`.
  const payload = method === "POST" && request.files !== undefined && request.files.length > 0 ? multipart(json, request.files) : json;
  if (request.signal?.aborted) throw fail("TRANSPORT", "aborted before sending", request.signal.reason);
  // One timer per request: ours only when the caller brings no signal. The dispatcher passes a signal that carries
  // its own deadline (aborted with a "TimeoutError" reason), so a request never runs two timers.
  const timeout = { fired: false };
  let signal = request.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (signal === undefined) {
    const controller = new AbortController();
    signal = controller.signal;
    timer = setTimeout(() => {
      timeout.fired = true;
      controller.abort(new DOMException(`timed out after ${settings.timeoutMs} ms`, "TimeoutError"));
    }, settings.timeoutMs);
  }
  try {
    const res = await exchange({
      method,
      url,
      headers: {
        "user-agent": settings.userAgent,
        accept: "application/json",
        // A FormData body gets its content type (with the boundary) from fetch itself.
        ...(typeof payload === "string" ? { "content-type": "application/json" } : {}),
      },
      body: payload,
      signal,
    });
    return { status: res.status, headers: res.headers, body: parseBody(res.text, res.headers["content-type"]) };
  } catch (error) {
    if (timeout.fired || isTimeout(request.signal?.reason)) throw fail("TIMEOUT", timer === undefined ? "timed out (the caller's deadline)" : `timed out after ${settings.timeoutMs} ms`, error);
    if (request.signal?.aborted) throw fail("TRANSPORT", "aborted", error);
    throw fail("TRANSPORT", `failed without an answer (${describeError(error, url)})`, error);
  } finally {
    clearTimeout(timer);
  }
}

function isTimeout(reason: unknown): boolean {
  return typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "TimeoutError";
}

/** Replaces the `https://discord.com/api/v10` prefix (at a path boundary) with `apiBaseUrl`. */
function rewrite(url: string, apiBaseUrl: string): string {
  if (apiBaseUrl === DISCORD_API_BASE || !url.startsWith(DISCORD_API_BASE)) return url;
  const rest = url.slice(DISCORD_API_BASE.length);
  return rest === "" || /^[/?#]/.test(rest) ? apiBaseUrl + rest : url;
}

type Fail = (code: "TRANSPORT" | "TIMEOUT", what: string, cause?: unknown) => TransportError;

/** Builds redacted TransportErrors for one request (the URL is read for its token only when one fails). */
function failure(method: string, url: string): Fail {
  return (code, what, cause) => {
    const secrets = tokensIn(url);
    const safeUrl = redact(url, secrets);
    return new TransportError(`[${method}] "${safeUrl}": request ${redact(what, secrets)}`, safeUrl, {
      code,
      cause: scrubError(cause, secrets),
    });
  };
}

function multipart(json: string | undefined, files: readonly TransportFile[]): FormData {
  const form = new FormData();
  if (json !== undefined) form.append("payload_json", json);
  files.forEach((f, i) => {
    form.append(`files[${String(i)}]`, new Blob([new Uint8Array(f.data)], { type: f.contentType }), f.name);
  });
  return form;
}

function serialize(body: unknown, fail: Fail): string | undefined {
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw fail("TRANSPORT", "body is not JSON-serialisable", error);
  }
}

/** JSON when it parses, else the text; an empty body is `null`. */
function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === "") return null;
  const looksJson = contentType === undefined || /\bjson\b/i.test(contentType) || /^\s*[[{]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
