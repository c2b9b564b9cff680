/**
 * A bridge from Node's `http` (and so Express, Fastify's raw mode, Connect) to a Fetch-API handler.
 * It imports nothing at run time, so the package stays usable on edge runtimes that never call it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FetchHandler } from "./routes.js";

/** A Node/Express-style handler; `next` receives errors that happen while writing the response. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * Wraps a Fetch-API handler (e.g. from `createWebhookRoutes`) as a Node `(req, res, next)` handler.
 * The URL is rebuilt from `req.originalUrl` (Express keeps the mount path there) or `req.url`, on a fixed origin:
 * the `Host` header is never trusted. Mount it before any body parser; if one already consumed the stream, its
 * parsed `req.body` is re-serialised as JSON.
 *
 * @example
 * ```ts
 * const app = express();
 * app.use("/api/webhooks", toNodeHandler(createWebhookRoutes({ manager, authorize, basePath: "/api/webhooks" })));
 * ```
 */
export function toNodeHandler(handler: FetchHandler): NodeHandler {
  return (req, res, next) => {
    const request = toRequest(req);
    handler(request)
      .then((response) => writeResponse(req, res, response))
      .catch((error: unknown) => {
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

function toRequest(req: NodeRequest): Request {
  const url = new URL(req.originalUrl ?? req.url ?? "/", "http://localhost");
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = (req.method ?? "GET").toUpperCase();
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  if (req.readableEnded && req.body !== undefined) {
    headers.delete("content-length");
    return new Request(url, { method, headers, body: JSON.stringify(req.body) });
  }
  const init: RequestInit & { duplex: "half" } = { method, headers, body: streamOf(req), duplex: "half" };
  return new Request(url, init);
}

// A pull-based stream: the socket is paused while nothing reads, so a slow reader never buffers a large body.
function streamOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Uint8Array | string) => {
        controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => {
        controller.close();
      });
      req.on("error", (error) => {
        controller.error(error);
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.pause();
    },
  });
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  // A body left unread (refused by size or type) is not drained: the connection closes instead.
  if (!req.complete) res.setHeader("connection", "close");
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  res.end(body);
}
