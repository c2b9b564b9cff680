import type { IncomingMessage, ServerResponse } from "node:http";
import { redact } from "../../discord/redact.js";
import { seconds } from "./rate-limit.js";
import type { Answer } from "./responses.js";
import type { FakeState } from "./state.js";
import type { FakeRateLimitScope, FakeRequest } from "./types.js";

/** Starts the record of a request (token masked) and counts it. */
export function startRecord(state: FakeState, req: IncomingMessage): FakeRequest {
  const ua = req.headers["user-agent"];
  const record: FakeRequest = {
    method: req.method ?? "GET",
    // The known tokens too: whatever spelling a path uses, a registered webhook's token is never recorded.
    path: redact(req.url ?? "/", [...state.webhooks.values()].map((w) => w.token)),
    webhookId: null,
    threadId: null,
    status: null,
    fault: null,
    scope: null,
    userAgent: typeof ua === "string" ? ua : null,
    receivedAt: new Date(),
  };
  state.requests.push(record);
  state.stats.requests += 1;
  return record;
}

const SCOPES = new Set<string>(["user", "shared", "global"]);

/** Writes a JSON answer, records its status and counts it (429s by scope). */
export function answer(state: FakeState, record: FakeRequest, res: ServerResponse, a: Answer): void {
  record.status = a.status;
  const stats = state.stats;
  stats.byStatus[String(a.status)] = (stats.byStatus[String(a.status)] ?? 0) + 1;
  const headers: Record<string, string> = { ...a.headers };
  if (a.status === 429) {
    stats.rateLimited += 1;
    const scope = headers["x-ratelimit-scope"];
    if (scope !== undefined && SCOPES.has(scope)) {
      record.scope = scope as FakeRateLimitScope;
      stats.byScope[record.scope] += 1;
    }
  }
  state.onEvent?.({ kind: "answer", record, answer: a });
  if (res.destroyed || res.headersSent) return;
  if (a.body === undefined || a.status === 204) {
    res.writeHead(a.status, headers).end();
    return;
  }
  // A string body with a non-JSON content type goes out raw (e.g. a proxy's HTML error page).
  const contentType = headers["content-type"];
  const raw = typeof a.body === "string" && contentType !== undefined && !/json/i.test(contentType);
  const payload = raw ? (a.body as string) : JSON.stringify(a.body);
  if (!raw) headers["content-type"] = "application/json";
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(a.status, headers).end(payload);
}

/** A 429 as Discord sends it: body `{ message, retry_after, global }`, `retry-after` and scope headers. */
export function rateLimited(
  state: FakeState,
  scope: FakeRateLimitScope,
  waitMs: number,
  headers: Record<string, string> = {},
): Answer {
  const retryAfter = seconds(waitMs);
  const global = scope === "global";
  return {
    status: 429,
    headers: {
      ...headers,
      // Discord sends whole seconds here; scaled time needs the fraction or fast tests would wait a full second.
      "retry-after": state.options.timeScale === 1 ? String(Math.ceil(waitMs / 1000)) : retryAfter,
      "x-ratelimit-scope": scope,
      ...(global ? { "x-ratelimit-global": "true" } : {}),
    },
    body: { message: "You are being rate limited.", retry_after: Number(retryAfter), global },
  };
}

/** The request body, read whole but kept only up to `max` bytes. `aborted` when the client went away first. */
export interface ReadBody {
  data: Buffer;
  bytes: number;
  tooLarge: boolean;
  aborted: boolean;
}

/** Reads the request body; bytes past `max` are drained and dropped so the client still gets an answer. */
export function readBody(req: IncomingMessage, max: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (aborted: boolean): void => {
      if (done) return;
      done = true;
      resolve({ data: Buffer.concat(chunks), bytes, tooLarge: bytes > max, aborted });
    };
    req.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= max) chunks.push(chunk);
    });
    req.on("end", () => {
      finish(false);
    });
    req.on("error", () => {
      finish(true);
    });
    req.on("close", () => {
      finish(!req.complete);
    });
  });
}
