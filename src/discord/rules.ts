/**
 * One home per Discord rule that more than one part of the package checks: http(s) URLs, snowflake ids and webhook
 * usernames. The schemas, the dispatcher, the manager, the transport and the Discord fake all read them from here.
 */

/** A Discord snowflake id as webhook URLs, thread ids, tags and mentions carry it. */
export const SNOWFLAKE = /^\d{17,20}$/;

/** `true` when `value` is a snowflake id (17-20 digits). */
export function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value);
}

/**
 * `true` for an absolute http(s) URL exactly as Discord reads it. Whitespace anywhere fails: the WHATWG URL parser
 * silently drops surrounding spaces and inner tabs or newlines, Discord does not, and answers 400 for the message.
 */
export function isHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * The http(s) URL `value` means, without surrounding whitespace (a URL pasted with a trailing newline), or
 * `undefined` when even that is not one. What is sent to Discord is always the returned value, never `value`.
 */
export function toHttpUrl(value: string): string | undefined {
  const trimmed = value.trim();
  return isHttpUrl(trimmed) ? trimmed : undefined;
}

/** Words Discord refuses anywhere in a webhook's username (case-insensitive). */
export const USERNAME_FORBIDDEN_WORDS = ["discord", "clyde"] as const;

/** The forbidden word `username` contains, or `undefined` when it holds none. */
export function forbiddenUsernameWord(username: string): string | undefined {
  const lower = username.toLowerCase();
  return USERNAME_FORBIDDEN_WORDS.find((word) => lower.includes(word));
}

/** The message of a username holding a forbidden word, as the schemas word it. */
export const USERNAME_WORD_MESSAGE = 'must not contain "discord" or "clyde"';

/** The webhook path inside a stored URL, loosely (a stored row may be malformed): `/webhooks/{id}/{token}`. */
const WEBHOOK_PATH_IN_URL = /\/webhooks\/(\d{17,20})\/([^/?#]+)/;

/** The Discord id of the webhook a stored URL points at, or `null` when none is recognised. */
export function discordIdOf(webhookUrl: string): string | null {
  return WEBHOOK_PATH_IN_URL.exec(webhookUrl)?.[1] ?? null;
}

/**
 * The token of a stored URL (none when no webhook path is recognised), to mask it anywhere else it might have been
 * copied: a name, a reason, an error. A list, so callers can pass it to `redact` as its known secrets.
 */
export function tokenOf(webhookUrl: string): string[] {
  const token = WEBHOOK_PATH_IN_URL.exec(webhookUrl)?.[2];
  return token ? [token] : [];
}
