import type { IncomingMessage, ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";
import { answer, rateLimited, readBody, startRecord, type ReadBody } from "./answer.js";
import { executeWebhook } from "./execute.js";
import { bucketHeaders, consume, nowMs, waitMs } from "./rate-limit.js";
import { handleMessageRoute } from "./messages.js";
import { bodyCap, readPayload, type Payload } from "./payload.js";
import { CONTENT_TYPE_INVALID, INVALID_TOKEN, METHOD_NOT_ALLOWED, NOT_FOUND, UNKNOWN_WEBHOOK, webhookObject } from "./responses.js";
import { parseRoute, type Route } from "./route.js";
import { addWebhook, bucketOf, windowOf, type FakeState } from "./state.js";
import type { FakeFault, FakeRequest, FakeWebhook } from "./types.js";

/** Methods served per route: the webhook (Get, Execute) and one of its messages (Get, Edit, Delete). */
const WEBHOOK_METHODS = new Set(["GET", "POST"]);
const MESSAGE_METHODS = new Set(["GET", "PATCH", "DELETE"]);

/** Handles one request: route, faults, global limit, lookup, then the webhook's or a message's route. */
export async function handleRequest(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const record = startRecord(state, req);
  const { maxBodyBytes, maxFileBytes } = state.options;
  const contentType = req.headers["content-type"];
  const hasBody = req.method === "POST" || req.method === "PATCH";
  const body: ReadBody = hasBody
    ? await readBody(req, bodyCap(contentType, maxBodyBytes, maxFileBytes))
    : { data: Buffer.alloc(0), bytes: 0, tooLarge: false, aborted: false };
  const route = parseRoute(req.url ?? "/");
  if (!route) {
    answer(state, record, res, NOT_FOUND);
    return;
  }
  record.webhookId = route.id;
  record.threadId = route.query.get("thread_id");
  const fault = state.faults.take(route.id);
  if (fault && (await applyFault(state, record, res, fault))) return;
  // A client that leaves after its whole body arrived (it timed out during a delay, its process was killed) does not
  // take the message back: Discord posts it anyway, which is why a retry after a timeout can post twice.
  if (body.aborted) return;
  if (globallyLimited(state, req, record, res)) return;
  if (!(route.messageId === null ? WEBHOOK_METHODS : MESSAGE_METHODS).has(req.method ?? "")) {
    answer(state, record, res, METHOD_NOT_ALLOWED);
    return;
  }
  // Before the lookup, so a cross-site form can neither post nor (with `acceptAnyWebhook`) register a webhook.
  const payload: Payload | null | undefined = hasBody ? await readPayload(contentType, body, { maxBodyBytes, maxFileBytes }) : undefined;
  if (payload === null) {
    answer(state, record, res, CONTENT_TYPE_INVALID);
    return;
  }
  const webhook = lookup(state, route);
  if (!webhook) {
    answer(state, record, res, UNKNOWN_WEBHOOK);
    return;
  }
  if (webhook.token !== route.token) {
    answer(state, record, res, INVALID_TOKEN);
    return;
  }
  if (route.messageId !== null) {
    handleMessageRoute(state, record, res, webhook, { ...route, messageId: route.messageId }, payload ?? null);
  } else if (payload === undefined) {
    getWebhook(state, record, res, webhook);
  } else {
    executeWebhook(state, record, res, webhook, route, payload);
  }
}

/** Get Webhook with Token: its own bucket (429 `user` when spent), the webhook object, the bucket's headers. */
function getWebhook(state: FakeState, record: FakeRequest, res: ServerResponse, webhook: FakeWebhook): void {
  const now = nowMs();
  const bucket = bucketOf(state, webhook, "get");
  const headers = (): Record<string, string> => (bucket ? bucketHeaders(bucket.window, bucket.id, now) : {});
  const wait = bucket ? waitMs(bucket.window, now) : 0;
  if (wait > 0) {
    answer(state, record, res, rateLimited(state, "user", wait, headers()));
    return;
  }
  if (bucket) consume(bucket.window, now);
  answer(state, record, res, { status: 200, body: webhookObject(webhook), headers: headers() });
}

/** The webhook of the route; with `acceptAnyWebhook`, a well-formed unknown id and token become a webhook. */
function lookup(state: FakeState, route: Route): FakeWebhook | undefined {
  const known = state.webhooks.get(route.id);
  if (known || !state.options.acceptAnyWebhook) return known;
  try {
    addWebhook(state, { id: route.id, token: route.token, name: "Accepted webhook" });
  } catch {
    return undefined; // not a snowflake or not a token Discord could have issued: stays unknown (404)
  }
  return state.webhooks.get(route.id);
}

/** Applies a fault; returns `true` when it answered (or withheld the answer) and `false` to go on normally. */
async function applyFault(state: FakeState, record: FakeRequest, res: ServerResponse, fault: FakeFault): Promise<boolean> {
  switch (fault.kind) {
    case "reset":
      record.fault = "reset";
      state.onEvent?.({ kind: "unanswered", record });
      res.destroy();
      return true;
    case "hang":
      record.fault = "hang";
      state.onEvent?.({ kind: "unanswered", record });
      state.hung.add(res);
      res.on("close", () => state.hung.delete(res));
      return true;
    case "delay":
      record.fault = "delay";
      await new Promise<void>((resolve) => {
        // unref: a long delay must not keep a process alive after `close()`.
        setTimeout(resolve, fault.ms).unref();
      });
      return false;
    default:
      record.fault = "status";
      answer(state, record, res, {
        status: fault.status,
        body: fault.status === 204 ? undefined : (fault.body ?? { message: STATUS_CODES[fault.status] ?? "Error", code: 0 }),
        headers: { ...fault.headers },
      });
      return true;
  }
}

/** Discord's global limit applies per client IP to every request; answers the 429 when it is spent. */
function globallyLimited(state: FakeState, req: IncomingMessage, record: FakeRequest, res: ServerResponse): boolean {
  const limit = state.options.globalRateLimit;
  if (limit === false) return false;
  const now = nowMs();
  const w = windowOf(state.globals, req.socket.remoteAddress ?? "unknown", limit, state.options.timeScale);
  const wait = waitMs(w, now);
  if (wait > 0) {
    answer(state, record, res, rateLimited(state, "global", wait));
    return true;
  }
  consume(w, now);
  return false;
}
