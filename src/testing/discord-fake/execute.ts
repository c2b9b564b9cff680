import type { ServerResponse } from "node:http";
import { answer, rateLimited, type ReadBody } from "./answer.js";
import type { Route } from "./route.js";
import { makeSnowflake } from "./ids.js";
import { bucketHeaders, consume, nowMs, waitMs } from "./rate-limit.js";
import { invalidJson, invalidThreadId, messageObject, TOO_LARGE, UNKNOWN_CHANNEL, type Answer } from "./responses.js";
import { bucketOf, windowOf, type FakeState } from "./state.js";
import type { FakeRequest, FakeWebhook } from "./types.js";
import { validateMessage } from "./validate.js";
import { SNOWFLAKE } from "../../discord/rules.js";



/**
 * Execute Webhook after lookup: the webhook bucket (429 `user`), size, JSON, thread, body validation, the hidden
 * channel limit (429 `shared`, bucket not spent), then delivery. Every answer carries the bucket's headers;
 * every answer but a 429 spends one request of the bucket, as at Discord.
 */
export function executeWebhook(
  state: FakeState,
  record: FakeRequest,
  res: ServerResponse,
  webhook: FakeWebhook,
  route: Route,
  body: ReadBody,
): void {
  const now = nowMs();
  const bucket = bucketOf(state, webhook);
  const headers = (): Record<string, string> => (bucket ? bucketHeaders(bucket.window, bucket.id, now) : {});
  if (bucket) {
    const wait = waitMs(bucket.window, now);
    if (wait > 0) {
      answer(state, record, res, rateLimited(state, "user", wait, headers()));
      return;
    }
  }
  const finish = (a: Answer): void => {
    if (bucket) consume(bucket.window, now);
    answer(state, record, res, { ...a, headers: { ...a.headers, ...headers() } });
  };
  if (body.tooLarge) {
    finish(TOO_LARGE);
    return;
  }
  const parsed = parseJson(body.text);
  if (parsed === INVALID) {
    finish(invalidJson());
    return;
  }
  const threadId = route.query.get("thread_id");
  if (threadId !== null && !SNOWFLAKE.test(threadId)) {
    finish(invalidThreadId(threadId));
    return;
  }
  if (threadId !== null && !webhook.threads.includes(threadId)) {
    finish(UNKNOWN_CHANNEL);
    return;
  }
  const rejection = validateMessage(parsed);
  if (rejection) {
    finish(rejection);
    return;
  }
  const channelLimit = state.options.channelRateLimit;
  if (channelLimit !== false) {
    const w = windowOf(state.channels, webhook.channelId, channelLimit, state.options.timeScale);
    const wait = waitMs(w, now);
    if (wait > 0) {
      answer(state, record, res, rateLimited(state, "shared", wait, headers()));
      return;
    }
    consume(w, now);
  }
  finish(deliver(state, webhook, parsed as Record<string, unknown>, threadId, route.query.get("wait")));
}

function deliver(
  state: FakeState,
  webhook: FakeWebhook,
  body: Record<string, unknown>,
  threadId: string | null,
  waitParam: string | null,
): Answer {
  const wait = waitParam !== null && /^(true|1)$/i.test(waitParam);
  const id = makeSnowflake();
  const receivedAt = new Date();
  const message = { id, webhookId: webhook.id, channelId: webhook.channelId, threadId, body, wait, receivedAt };
  state.messages.push(message);
  state.stats.delivered += 1;
  state.onEvent?.({ kind: "message", message, webhook });
  return wait ? { status: 200, body: messageObject(webhook, id, body, threadId, receivedAt) } : { status: 204 };
}

const INVALID = Symbol("invalid JSON");

/** An empty body is an empty message (50006), not a JSON error. */
function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}
