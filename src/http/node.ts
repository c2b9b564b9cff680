/**
 * A bridge from Node's `http` (and so Express, Fastify's raw mode, Connect) to a Fetch-API handler.
 * It imports no Node module at run time, so the package stays usable on edge runtimes that never call it.
 *
 * Nothing a client sends may throw out of the `request` listener (that would kill the process): every request line
 * Node accepts gets an HTTP answer, even one that cannot become a Fetch `Request` (TRACE, an invalid host).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_BODY_TIMEOUT_MS } from "./body.js";
import type { FetchHandler } from "./routes.js";

/** A Node/Express-style handler; `next` receives errors that happen while writing the response. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /**
   * How long the whole request body may take to arrive, in milliseconds; after that the bridge answers 408 and
   * closes the connection (Node's own `requestTimeout` would hold it for 300 s). Default 10 000.
   */
  bodyTimeoutMs?: number;
}

// Methods that `new Request()` refuses: they can never reach a Fetch handler.
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
const ALLOW = "GET, POST, PATCH, DELETE";

/**
 * Wraps a Fetch-API handler (e.g. from `createWebhookRoutes`) as a Node `(req, res, next)` handler.
 * The URL is rebuilt from the path and query of `req.originalUrl` (Express keeps the mount path there) or `req.url`,
 * on a fixed origin: neither the `Host` header nor an absolute-form target is trusted. Mount it before any body
 * parser; if one already consumed the stream, its parsed `req.body` is re-serialised as JSON.
 *
 * Requests that cannot be turned into a Fetch `Request` are answered here: 405 for methods fetch forbids (TRACE,
 * CONNECT, TRACK), 400 for a target that is not a valid URL. A body that does not arrive within `bodyTimeoutMs` is 408.
 *
 * @example
 * ```ts
 * const app = express();
 * app.use("/api/webhooks", toNodeHandler(createWebhookRoutes({ manager, authorize, basePath: "/api/webhooks" })));
 * ```
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return (req, res, next) => {
    let request: Request;
    try {
      const built = toRequest(req, () => {
        answer(req, res, 408, "REQUEST_TIMEOUT", "The request body did not arrive in time.");
      }, bodyTimeoutMs);
      if ("refusal" in built) {
        answer(req, res, built.refusal.status, built.refusal.code, built.refusal.message, built.refusal.headers);
        return;
      }
      request = built.request;
    } catch {
      answer(req, res, 400, "BAD_REQUEST", "The request could not be read.");
      return;
    }
    Promise.resolve()
      .then(() => handler(request))
      .then((response) => writeResponse(req, res, response))
      .catch((error: unknown) => {
        if (res.writableEnded) return;
        if (next) {
          next(error);
          return;
        }
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  };
}

type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };
interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

function toRequest(req: NodeRequest, onTimeout: () => void, timeoutMs: number): { request: Request } | { refusal: Refusal } {
  const method = (typeof req.method === "string" ? req.method : "GET").toUpperCase();
  if (FORBIDDEN_METHODS.has(method)) {
    return { refusal: { status: 405, code: "METHOD_NOT_ALLOWED", message: `Use ${ALLOW} here.`, headers: { allow: ALLOW } } };
  }
  const url = fixedOriginUrl(req.originalUrl ?? req.url ?? "/");
  if (!url) return { refusal: { status: 400, code: "BAD_REQUEST", message: "The request target is not a valid URL." } };
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  if (method === "GET" || method === "HEAD") return { request: new Request(url, { method, headers }) };
  if (req.readableEnded && req.body !== undefined) {
    headers.delete("content-length");
    return { request: new Request(url, { method, headers, body: JSON.stringify(req.body) }) };
  }
  const init: RequestInit & { duplex: "half" } = { method, headers, body: streamOf(req, onTimeout, timeoutMs), duplex: "half" };
  return { request: new Request(url, init) };
}

// Only the path and query are kept: `GET http://evil.example/x` and `Host: evil.example` both land on localhost.
function fixedOriginUrl(target: string): URL | null {
  try {
    const parsed = new URL(target, "http://localhost");
    return new URL(`${parsed.pathname}${parsed.search}`, "http://localhost");
  } catch {
    return null;
  }
}

// A pull-based stream: the socket is paused while nothing reads, so a slow reader never buffers a large body.
// A body that has not ended within `timeoutMs` errors the stream and is answered 408 by the bridge.
function streamOf(req: IncomingMessage, onTimeout: () => void, timeoutMs: number): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = (): void => {
    clearTimeout(timer);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setTimeout(() => {
        controller.error(new Error("request body timed out"));
        onTimeout();
      }, timeoutMs);
      req.on("data", (chunk: Uint8Array | string) => {
        controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => {
        stop();
        controller.close();
      });
      req.on("error", (error) => {
        stop();
        controller.error(error);
      });
      req.on("close", stop);
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      stop();
      req.pause();
    },
  });
}

// Answers from the bridge itself. The connection stays open for the next pipelined request only when this one's
// body (if any) was fully read; an unread body is never drained.
function answer(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": String(new TextEncoder().encode(body).byteLength),
    ...(bodyLeftUnread(req) ? { connection: "close" } : {}),
  });
  res.end(body);
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  // The bridge may already have answered (408 for a stalled body) while the handler was still running.
  if (res.headersSent || res.writableEnded) return;
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  // A body left unread (refused by size or type) is not drained: the connection closes instead.
  if (bodyLeftUnread(req)) res.setHeader("connection", "close");
  res.end(body);
}

// `req.complete` stays false for a bodiless request nobody read, so the framing headers say whether a body exists.
function bodyLeftUnread(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}
