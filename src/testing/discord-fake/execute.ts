import type { ServerResponse } from "node:http";
import { answer, rateLimited } from "./answer.js";
import { checkString, formErrors, type FormErrors } from "./form-errors.js";
import { messageObject, storeMessage } from "./message-store.js";
import type { Payload } from "./payload.js";
import { bucketHeaders, consume, nowMs, waitMs } from "./rate-limit.js";
import {
  FORUM_NEEDS_THREAD,
  FORUM_THREAD_CONFLICT,
  invalidJson,
  invalidThreadId,
  THREAD_NAME_NOT_FORUM,
  TOO_LARGE,
  UNKNOWN_CHANNEL,
  type Answer,
} from "./responses.js";
import type { Route } from "./route.js";
import { bucketOf, windowOf, type FakeState } from "./state.js";
import type { FakeRequest, FakeWebhook } from "./types.js";
import { invalidFormBody, validateMessage } from "./validate.js";
import { SNOWFLAKE } from "../../discord/rules.js";

const THREAD_NAME_MAX = 100;
const TAGS_MAX = 5;

/**
 * Execute Webhook after lookup: the webhook bucket (429 `user`), size, JSON, thread, body validation, forum rules
 * (220001 / 220002 / 220003, `thread_name`, `applied_tags`), the hidden channel limit (429 `shared`, bucket not
 * spent), then delivery. Every answer carries the bucket's headers; every answer but a 429 spends one request of
 * the bucket, as at Discord.
 */
export function executeWebhook(
  state: FakeState,
  record: FakeRequest,
  res: ServerResponse,
  webhook: FakeWebhook,
  route: Route,
  payload: Payload,
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
  if (payload.tooLarge) {
    finish(TOO_LARGE);
    return;
  }
  const parsed = parseJson(payload.text);
  if (isInvalidJson(parsed)) {
    finish(invalidJson());
    return;
  }
  const threadId = route.query.get("thread_id");
  if (threadId !== null && !SNOWFLAKE.test(threadId)) {
    finish(invalidThreadId(threadId));
    return;
  }
  if (threadId !== null && !threadKnown(state, webhook, threadId)) {
    finish(UNKNOWN_CHANNEL);
    return;
  }
  const withComponents = queryFlag(route.query.get("with_components"));
  const rejection = validateMessage(parsed, { files: payload.files.length, withComponents });
  if (rejection) {
    finish(rejection);
    return;
  }
  const body = parsed as Record<string, unknown>;
  const post = forumPost(webhook, body, threadId);
  if ("status" in post) {
    finish(post);
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
  const wait = queryFlag(route.query.get("wait"));
  const message = storeMessage(state, webhook, { body, threadId, newPost: post.newPost, files: payload.files, withComponents, wait });
  finish(wait ? { status: 200, body: messageObject(webhook, message) } : { status: 204 });
}

/** Whether `?thread_id=` names a thread of this webhook's channel: one it was given, or a forum post made since. */
export function threadKnown(state: FakeState, webhook: FakeWebhook, threadId: string): boolean {
  return webhook.threads.includes(threadId) || state.forumPosts.get(threadId)?.channelId === webhook.channelId;
}

/** `true` / `1`, as Discord reads boolean query parameters. */
export function queryFlag(value: string | null): boolean {
  return value !== null && /^(true|1)$/i.test(value);
}

/**
 * Forum and media channels take posts only: `thread_id` (an existing post) or `thread_name` (a new one, with its
 * `applied_tags`). Other channels refuse `thread_name`. Returns the rejection, or the post to open (or none).
 */
function forumPost(webhook: FakeWebhook, body: Record<string, unknown>, threadId: string | null): Answer | { newPost: { name: string; tags: string[] } | null } {
  const name = body.thread_name;
  const named = name !== undefined && name !== null;
  if (webhook.channelType === "text") return named ? THREAD_NAME_NOT_FORUM : { newPost: null };
  if (!named && threadId === null) return FORUM_NEEDS_THREAD;
  if (named && threadId !== null) return FORUM_THREAD_CONFLICT;
  if (!named) return { newPost: null };
  const errors = formErrors();
  const title = checkString(errors, ["thread_name"], name, THREAD_NAME_MAX, true);
  const tags = appliedTags(errors, webhook, body.applied_tags);
  if (errors.count > 0 || title === undefined) return invalidFormBody(errors);
  return { newPost: { name: title, tags } };
}

/** `applied_tags`: at most 5 snowflakes, each a tag the forum offers. */
function appliedTags(errors: FormErrors, webhook: FakeWebhook, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.add(["applied_tags"], "BASE_TYPE_ARRAY", "Must be an array.");
    return [];
  }
  if (value.length > TAGS_MAX) errors.add(["applied_tags"], "BASE_TYPE_MAX_LENGTH", `Must be ${String(TAGS_MAX)} or fewer in length.`);
  const tags: string[] = [];
  value.forEach((tag: unknown, i) => {
    const id = typeof tag === "string" || typeof tag === "number" ? String(tag) : "";
    if (!SNOWFLAKE.test(id)) errors.add(["applied_tags", i], "NUMBER_TYPE_COERCE", `Value ${JSON.stringify(tag)} is not snowflake.`);
    else if (!webhook.tags.some((t) => t.id === id)) errors.add(["applied_tags", i], "FORUM_TAG_UNKNOWN", `Unknown tag ${id} for this channel.`);
    else tags.push(id);
  });
  return tags;
}

const INVALID = Symbol("invalid JSON");

/** An empty body is an empty message (50006), not a JSON error. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

/** Whether {@link parseJson} found invalid JSON. */
export function isInvalidJson(value: unknown): boolean {
  return value === INVALID;
}
