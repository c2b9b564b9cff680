/**
 * Options and results of `dispatcher.editMessage` and `dispatcher.deleteMessage`: changes of a message a webhook
 * already sent (its id comes back in `DispatchResult.deliveries[i].messageIds`).
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { DispatcherError } from "../errors.js";

/** A link button: opens `url` when clicked. */
export interface LinkButton {
  /** 1-80 characters. */
  label: string;
  /** An http(s) URL of at most 512 characters. */
  url: string;
}

/**
 * What an edit replaces; fields left out stay as they are in Discord. At least one of `embeds`, `content` and
 * `buttons` is required. An edit carries no flags: a silent message stays silent, a loud one loud (Discord's rule),
 * so `silent`, `flags` and any other key are refused with a `ValidationError`.
 */
export interface EditMessageOptions {
  /** The message's new embeds (validated as `dispatch()`'s, at most 10, 6000 characters in all); `[]` removes them. */
  embeds?: readonly DiscordEmbed[];
  /** The message's new text, at most 2000 characters (Discord counts code points); `""` removes it. */
  content?: string;
  /** The message's new link buttons (at most 5 rows of 5, sent with `with_components=true`); `[]` removes them. */
  buttons?: readonly LinkButton[];
  /** The thread the message is in (a snowflake); default the `thread_id` the stored webhook URL carries, if any. */
  threadId?: string;
}

/** Options of `deleteMessage`. */
export interface DeleteMessageOptions {
  /** The thread the message is in (a snowflake); default the `thread_id` the stored webhook URL carries, if any. */
  threadId?: string;
}

/**
 * How an edit or delete ended. Never a rejection for Discord's answers: `ok: false` carries the token-free `error`:
 * - `MESSAGE_GONE` (`DiscordHTTPError`, 404 code 10008): someone deleted the message; the webhook stays enabled.
 * - `EDIT_LIMITED` (`RateLimitError` with `retryAfterMs`, 429 code 30046): the channel's cap on edits of messages
 *   older than an hour is spent; not retried: wait `retryAfterMs` or post a new message.
 * - `WEBHOOK_DISABLED`: Discord said the webhook is gone (404 code 10015, 401; then `disabled: true`, as a post
 *   would), or it was already disabled (nothing sent).
 * - `RATE_LIMITED`, `TRANSPORT` / `TIMEOUT`, `DISCORD_HTTP`: 429s or transient failures outlasted their retries, or
 *   Discord refused the request; `INVALID_REQUEST_BRAKE`; `CLOSED` after `close()`.
 */
export type MessageChangeResult =
  | {
      ok: true;
      messageId: string;
      /** HTTP requests made, retries included. */
      attempts: number;
      /** HTTP status of Discord's answer (200 for an edit, 204 for a delete). */
      status: number;
    }
  | {
      ok: false;
      messageId: string;
      error: DispatcherError;
      /** HTTP status of the last answer, when one arrived. */
      status?: number;
      /** HTTP requests made, retries included (0 when nothing was sent). */
      attempts: number;
      /** This answer disabled the webhook in the store (404 Unknown Webhook, 401). */
      disabled: boolean;
    };

/** What `editMessage` resolves with. */
export type EditMessageResult = MessageChangeResult;
/** What `deleteMessage` resolves with. */
export type DeleteMessageResult = MessageChangeResult;
