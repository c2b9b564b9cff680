/**
 * Get / Edit / Delete Webhook Message: `GET | PATCH | DELETE /webhooks/{id}/{token}/messages/{message_id}`, each
 * route and method a rate-limit bucket of its own per webhook. 404 code 10008 for a message that is unknown, deleted
 * or in another thread than `thread_id`; 429 code 30046 once the channel's edits of messages older than an hour
 * are spent; an edit keeps a silent message silent and a loud one loud.
 */
import type { ServerResponse } from "node:http";
import { answer, rateLimited } from "./answer.js";
import { isInvalidJson, parseJson, queryFlag, threadKnown } from "./execute.js";
import { isRecord } from "./form-errors.js";
import { attachmentsOf, findMessage, keptComponents, messageObject } from "./message-store.js";
import type { Payload } from "./payload.js";
import { bucketHeaders, consume, nowMs, seconds, waitMs } from "./rate-limit.js";
import { invalidJson, invalidThreadId, TOO_LARGE, UNKNOWN_CHANNEL, UNKNOWN_MESSAGE, type Answer } from "./responses.js";
import type { Route } from "./route.js";
import { bucketOf, windowOf, type BucketRoute, type FakeState } from "./state.js";
import type { FakeMessage, FakeRequest, FakeWebhook } from "./types.js";
import { IS_COMPONENTS_V2, SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, validateMessage } from "./validate.js";
import { SNOWFLAKE } from "../../discord/rules.js";

/** The fields Edit Webhook Message takes; others in the body are ignored, as at Discord. */
const EDITABLE = ["content", "embeds", "allowed_mentions", "components", "attachments", "flags"] as const;
const BUCKETS: Record<string, BucketRoute> = { GET: "get-message", PATCH: "edit-message", DELETE: "delete-message" };

/** Answers a request on a message route (after lookup and token check); `payload` is `null` for GET and DELETE. */
export function handleMessageRoute(
  state: FakeState,
  record: FakeRequest,
  res: ServerResponse,
  webhook: FakeWebhook,
  route: Route & { messageId: string },
  payload: Payload | null,
): void {
  const now = nowMs();
  const bucket = bucketOf(state, webhook, BUCKETS[record.method] ?? "get-message");
  const headers = (): Record<string, string> => (bucket ? bucketHeaders(bucket.window, bucket.id, now) : {});
  const wait = bucket ? waitMs(bucket.window, now) : 0;
  if (wait > 0) {
    answer(state, record, res, rateLimited(state, "user", wait, headers()));
    return;
  }
  const finish = (a: Answer): void => {
    if (bucket) consume(bucket.window, now);
    answer(state, record, res, { ...a, headers: { ...a.headers, ...headers() } });
  };
  const threadId = route.query.get("thread_id");
  if (threadId !== null && !SNOWFLAKE.test(threadId)) {
    finish(invalidThreadId(threadId));
    return;
  }
  if (threadId !== null && !threadKnown(state, webhook, threadId)) {
    finish(UNKNOWN_CHANNEL);
    return;
  }
  const message = findMessage(state, webhook, route.messageId, threadId);
  if (!message) {
    finish(UNKNOWN_MESSAGE);
    return;
  }
  if (record.method === "GET") {
    finish({ status: 200, body: messageObject(webhook, message) });
  } else if (record.method === "DELETE") {
    message.deletedAt = new Date();
    state.onEvent?.({ kind: "deleted", message, webhook });
    finish({ status: 204 });
  } else if (payload) {
    const capped = oldEditCapped(state, message, now, headers);
    if (capped) answer(state, record, res, capped);
    else finish(editMessage(state, webhook, message, route, payload, now));
  }
}

/** The 429 code 30046 when the message is older than an hour and its channel's edits of old messages are spent. */
function oldEditCapped(state: FakeState, m: FakeMessage, now: number, headers: () => Record<string, string>): Answer | null {
  const cap = state.options.oldMessageEdits;
  if (cap === false || now - m.receivedAt.getTime() < cap.olderThanMs * state.options.timeScale) return null;
  const wait = waitMs(windowOf(state.oldEdits, m.channelId, cap, state.options.timeScale), now);
  if (wait <= 0) return null;
  const retryAfter = seconds(wait);
  return {
    status: 429,
    headers: { ...headers(), "retry-after": state.options.timeScale === 1 ? String(Math.ceil(wait / 1000)) : retryAfter },
    body: {
      message: "Maximum number of edits to messages older than 1 hour reached. Try again later",
      code: 30046,
      retry_after: Number(retryAfter),
      global: false,
    },
  };
}

/** Validates the edit against the message it makes, then applies it: the previous state goes to `edits`. */
function editMessage(state: FakeState, webhook: FakeWebhook, m: FakeMessage, route: Route, payload: Payload, now: number): Answer {
  if (payload.tooLarge) return TOO_LARGE;
  const parsed = parseJson(payload.text);
  if (isInvalidJson(parsed)) return invalidJson();
  if (!isRecord(parsed)) return validateMessage(parsed) ?? invalidJson();
  const edit = parsed;
  const withComponents = queryFlag(route.query.get("with_components"));
  const merged: Record<string, unknown> = { ...m.body };
  for (const key of EDITABLE) {
    // Without `?with_components=true` Discord ignores components, so the message keeps the ones it has.
    if (key in edit && !(key === "components" && !withComponents)) merged[key] = edit[key];
  }
  // Only SUPPRESS_EMBEDS and IS_COMPONENTS_V2 change; SUPPRESS_NOTIFICATIONS is set at creation only, V2 never leaves.
  const asked = typeof edit.flags === "number" ? edit.flags : m.flags;
  const flags = (asked & (SUPPRESS_EMBEDS | IS_COMPONENTS_V2)) | (m.flags & (SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2));
  const components = "components" in edit && withComponents ? keptComponents(edit, true) : m.components;
  const keepIds = Array.isArray(edit.attachments) ? new Set(edit.attachments.filter(isRecord).map((a) => String(a.id))) : null;
  const kept = keepIds ? m.attachments.filter((a) => keepIds.has(a.id)) : m.attachments;
  const attachments = [...kept, ...attachmentsOf(payload.files, edit)];
  const rejection = validateMessage({ ...merged, components }, { files: attachments.length, withComponents: true, flags });
  if (rejection) return rejection;
  const cap = state.options.oldMessageEdits;
  if (cap !== false && now - m.receivedAt.getTime() >= cap.olderThanMs * state.options.timeScale) {
    consume(windowOf(state.oldEdits, m.channelId, cap, state.options.timeScale), now);
  }
  m.edits.push({ at: new Date(), previous: structuredClone(m.body) });
  if (typeof merged.flags === "number") merged.flags = flags;
  m.body = merged;
  m.flags = flags;
  m.components = components;
  m.attachments = attachments;
  state.onEvent?.({ kind: "edited", message: m, webhook });
  return { status: 200, body: messageObject(webhook, m) };
}
