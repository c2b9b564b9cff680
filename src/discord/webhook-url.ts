import { NOT_A_WEBHOOK_URL_MESSAGE, WebhookUrlError } from "../errors.js";
import { SNOWFLAKE } from "./rules.js";

/** A parsed Discord webhook URL. `token` is a secret. */
export interface ParsedWebhookUrl {
  /** The webhook's snowflake id. */
  id: string;
  /** The webhook's token. Secret: never log it. */
  token: string;
  /** The thread to post into, when the URL carried `?thread_id=`. */
  threadId?: string;
  /** Canonical execute URL: `https://discord.com/api/v10/webhooks/{id}/{token}`. */
  url: string;
}

/** Base of every URL this package sends to. */
export const DISCORD_API_BASE = "https://discord.com/api/v10";

const HOSTS = new Set([
  "discord.com",
  "discordapp.com",
  "canary.discord.com",
  "ptb.discord.com",
  "canary.discordapp.com",
  "ptb.discordapp.com",
]);
const TOKEN = /^[A-Za-z0-9_-]{24,100}$/;
const SHAPE = /^https:\/\/([^/?#]*)(\/[^?#]*)(\?[^#]*)?(#.*)?$/i;
const PATH = /^\/api(?:\/v\d{1,2})?\/webhooks\/([^/]+)\/([^/]+)\/?$/;

// What people paste instead of a webhook URL: a channel or message link, an invite, a Slack webhook.
const LOOKALIKES: readonly [RegExp, string][] = [
  [/^(?:https?:\/\/)?(?:(?:www|canary|ptb)\.)?discord(?:app)?\.com\/channels\//i, "is a Discord channel link, not a webhook URL"],
  [/^(?:https?:\/\/)?(?:(?:www\.)?discord\.gg\/|(?:(?:www|canary|ptb)\.)?discord(?:app)?\.com\/invite\/)/i, "is a Discord invite link, not a webhook URL"],
  [/^(?:https?:\/\/)?hooks\.slack\.com\//i, "is a Slack webhook URL, not a Discord one"],
];

/**
 * Why `input` is not a webhook URL when it is something people often paste instead (a Discord channel link, an
 * invite, a Slack webhook URL), else `undefined`. Errors for these tell people where Discord shows the real URL.
 */
export function lookalikeReason(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const raw = input.trim();
  return LOOKALIKES.find(([pattern]) => pattern.test(raw))?.[1];
}

/** The hint for people who pasted {@link lookalikeReason}'s kind of URL, else `undefined`. */
export function pastedUrlHint(input: unknown): string | undefined {
  return lookalikeReason(input) === undefined ? undefined : NOT_A_WEBHOOK_URL_MESSAGE;
}

/**
 * Parses any form of Discord webhook URL that users paste and canonicalises it.
 * Accepts `discord.com`, `discordapp.com`, `canary.`/`ptb.` hosts (any case), `/api/webhooks/...` and
 * `/api/vN/webhooks/...`, surrounding whitespace, a trailing slash and a query (only `thread_id` is kept).
 * Throws {@link WebhookUrlError} (whose message never contains the token) for anything else.
 *
 * @example
 * ```ts
 * parseWebhookUrl(" https://discordapp.com/api/webhooks/123456789012345678/abc...xyz/ ").url
 * // "https://discord.com/api/v10/webhooks/123456789012345678/abc...xyz"
 * ```
 */
export function parseWebhookUrl(input: string): ParsedWebhookUrl {
  if (typeof input !== "string") throw new WebhookUrlError("must be a string");
  const raw = input.trim();
  if (raw.length > 512) throw new WebhookUrlError("is too long");
  const lookalike = lookalikeReason(raw);
  if (lookalike !== undefined) throw new WebhookUrlError(lookalike, { userMessage: NOT_A_WEBHOOK_URL_MESSAGE });
  const m = SHAPE.exec(raw);
  if (!m) throw new WebhookUrlError("must be an https:// URL of the form https://discord.com/api/webhooks/{id}/{token}");
  const [, authority = "", path = "", query] = m;
  if (authority.includes("@")) throw new WebhookUrlError("must not contain user info");
  if (authority.includes(":")) throw new WebhookUrlError("must not contain a port");
  if (!HOSTS.has(authority.toLowerCase())) throw new WebhookUrlError("host must be discord.com (or discordapp.com, canary., ptb.)");
  if (/[%\\]/.test(path) || /\/\.{1,2}(\/|$)/.test(path) || path.includes("//")) {
    throw new WebhookUrlError("path must not contain encoded, dot or empty segments");
  }
  const p = PATH.exec(path);
  if (!p) throw new WebhookUrlError("path must be /api/webhooks/{id}/{token}");
  const [, id = "", token = ""] = p;
  if (!SNOWFLAKE.test(id)) throw new WebhookUrlError("webhook id must be a snowflake (17-20 digits)");
  if (!TOKEN.test(token)) throw new WebhookUrlError("webhook token is malformed");
  const threadId = query ? new URLSearchParams(query.slice(1)).get("thread_id") : null;
  if (threadId !== null && !SNOWFLAKE.test(threadId)) throw new WebhookUrlError("thread_id must be a snowflake");
  const url = `${DISCORD_API_BASE}/webhooks/${id}/${token}`;
  return threadId === null ? { id, token, url } : { id, token, threadId, url };
}

/** `true` when {@link parseWebhookUrl} accepts `input`. */
export function isWebhookUrl(input: string): boolean {
  try {
    parseWebhookUrl(input);
    return true;
  } catch {
    return false;
  }
}

/**
 * The form to store: the canonical URL, plus `?thread_id=` when the pasted URL named a thread.
 * Parsing it again gives the same id, token and thread.
 */
export function canonicalWebhookUrl(input: string): string {
  const parsed = parseWebhookUrl(input);
  return parsed.threadId ? `${parsed.url}?thread_id=${parsed.threadId}` : parsed.url;
}
