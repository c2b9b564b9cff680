import type { FakeWebhook } from "./types.js";

/**
 * The JSON objects Discord answers with: the created message, the webhook object and the error bodies.
 */

/** A JSON answer. */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** 404 Unknown Webhook. */
export const UNKNOWN_WEBHOOK: Answer = { status: 404, body: { message: "Unknown Webhook", code: 10015 } };
/** 401 Invalid Webhook Token. */
export const INVALID_TOKEN: Answer = { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } };
/** 413 Request entity too large. */
export const TOO_LARGE: Answer = { status: 413, body: { message: "Request entity too large", code: 40005 } };
/** 404 Unknown Message: deleted, never sent by this webhook, or in another thread than `thread_id` names. */
export const UNKNOWN_MESSAGE: Answer = { status: 404, body: { message: "Unknown Message", code: 10008 } };
/** 400 for a post to a forum or media channel without `thread_id` or `thread_name`. */
export const FORUM_NEEDS_THREAD: Answer = {
  status: 400,
  body: { message: "Webhooks posted to forum channels must have a thread_name or thread_id", code: 220001 },
};
/** 400 for a post to a forum or media channel with both `thread_id` and `thread_name`. */
export const FORUM_THREAD_CONFLICT: Answer = {
  status: 400,
  body: { message: "Webhooks posted to forum channels cannot have both a thread_name and thread_id", code: 220002 },
};
/** 400 for `thread_name` on a webhook of a channel that is not a forum or media channel. */
export const THREAD_NAME_NOT_FORUM: Answer = { status: 400, body: { message: "Webhooks can only create threads in forum channels", code: 220003 } };
/** 400 Unknown Channel (an unknown `thread_id`). */
export const UNKNOWN_CHANNEL: Answer = { status: 400, body: { message: "Unknown Channel", code: 10003 } };
/** 400 for a body that is neither JSON nor multipart (a form, `text/plain`, or no content type at all). */
export const CONTENT_TYPE_INVALID: Answer = {
  status: 400,
  body: {
    message: "Invalid Form Body",
    code: 50035,
    errors: { _errors: [{ code: "CONTENT_TYPE_INVALID", message: "Expected \"Content-Type\" header to be one of {'application/json', 'multipart/form-data'}." }] },
  },
};
/** 404 for routes the fake does not serve. */
export const NOT_FOUND: Answer = { status: 404, body: { message: "404: Not Found", code: 0 } };
/** 405 for other methods on a webhook route. */
export const METHOD_NOT_ALLOWED: Answer = { status: 405, body: { message: "405: Method Not Allowed", code: 0 } };

/** The 50035 answer for a body that is not valid JSON. */
export function invalidJson(): Answer {
  return {
    status: 400,
    body: {
      message: "Invalid Form Body",
      code: 50035,
      errors: { _errors: [{ code: "JSON_INVALID", message: "The request body contains invalid JSON." }] },
    },
  };
}

/** The 50035 answer for a `thread_id` that is not a snowflake. */
export function invalidThreadId(value: string): Answer {
  return {
    status: 400,
    body: {
      message: "Invalid Form Body",
      code: 50035,
      errors: { thread_id: { _errors: [{ code: "NUMBER_TYPE_COERCE", message: `Value "${value}" is not snowflake.` }] } },
    },
  };
}

/** The webhook object that `GET /webhooks/{id}/{token}` returns. */
export function webhookObject(webhook: FakeWebhook): Record<string, unknown> {
  return {
    application_id: null,
    avatar: null,
    channel_id: webhook.channelId,
    guild_id: webhook.guildId,
    id: webhook.id,
    name: webhook.name,
    type: 1,
    token: webhook.token,
  };
}
