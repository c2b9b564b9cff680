/**
 * One message as Discord's client shows it, as HTML: username and avatar, content, and each embed with its colour
 * bar, author, title, description, fields (inline ones three to a row), thumbnail and image boxes, footer and
 * timestamp. Images are never loaded (the inbox works offline and user URLs are not fetched): they show as boxes
 * naming the file. Every string from the message is escaped.
 */
import type { DiscordMessage } from "../../discord/schemas.js";
import { escapeHtml, obj, safeHttpUrl, str } from "./escape.js";
import { markdownToHtml } from "./markdown.js";
import { renderEmbed } from "./render-embed.js";
import { formatTime, isoTime } from "./time.js";

/** A message body as sent to Discord, or a record that carries one (`FakeMessage`, `CapturedMessage`). */
export type RenderableMessage = DiscordMessage | { readonly body: object; readonly receivedAt?: Date } | Readonly<Record<string, unknown>>;

/** Options of {@link renderMessageHtml}. */
export interface RenderMessageOptions {
  /** Name shown when the body has no `username` (Discord shows the webhook's name). Default `Webhook`. */
  defaultUsername?: string;
  /** Time shown beside the name. Default: the record's `receivedAt`, else none. An invalid date shows none. */
  timestamp?: Date;
}

const SUPPRESS_EMBEDS = 4;

/**
 * Renders one message as the inbox shows it (the same markup), so hosts can snapshot-test what their embeds look
 * like. Accepts the body sent to Discord or a record carrying it. Times are shown in UTC, so output is stable.
 *
 * @example
 * ```ts
 * const capture = captureTransport();
 * // ... dispatch ...
 * expect(renderMessageHtml(capture.messages[0])).toMatchSnapshot();
 * ```
 */
export function renderMessageHtml(message: RenderableMessage, options: RenderMessageOptions = {}): string {
  const record = obj(message) ?? {};
  const wrapped = obj(record.body);
  const body = wrapped ?? record;
  // An invalid date (a hand-built record, a bad option) shows no time rather than throwing.
  const iso = isoTime(options.timestamp ?? (record.receivedAt instanceof Date ? record.receivedAt : undefined));
  const username = str(body.username).trim() || options.defaultUsername || "Webhook";
  const content = str(body.content);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as unknown[]) : [];
  const suppressed = typeof body.flags === "number" && (body.flags & SUPPRESS_EMBEDS) !== 0;
  const avatarUrl = safeHttpUrl(body.avatar_url);
  const parts = [
    `<article class="dm-message">`,
    `<div class="dm-avatar" style="background:${avatarColor(username)}"${avatarUrl ? ` title="${escapeHtml(avatarUrl)}"` : ""} aria-hidden="true">${escapeHtml(firstLetter(username))}</div>`,
    `<div class="dm-main">`,
    `<header class="dm-header"><span class="dm-username">${escapeHtml(username)}</span><span class="dm-tag">APP</span>`,
    iso ? `<time class="dm-time" datetime="${escapeHtml(iso)}">${escapeHtml(formatTime(new Date(iso)))}</time>` : "",
    `</header>`,
    content.trim() === "" ? "" : `<div class="dm-content">${markdownToHtml(content)}</div>`,
  ];
  if (suppressed && embeds.length > 0) parts.push(`<div class="dm-note">${embeds.length} embed(s) suppressed (flags & 4)</div>`);
  else if (embeds.length > 0) parts.push(`<div class="dm-embeds">${embeds.map((e) => renderEmbed(obj(e) ?? {})).join("")}</div>`);
  parts.push(`</div></article>`);
  return parts.join("");
}

function firstLetter(name: string): string {
  const cp = name.codePointAt(0);
  return cp === undefined ? "?" : String.fromCodePoint(cp).toUpperCase();
}

/** A stable colour per name, like Discord's default avatars. */
function avatarColor(name: string): string {
  const palette = ["#5865f2", "#3ba55c", "#faa61a", "#ed4245", "#eb459e", "#747f8d"];
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return palette[h % palette.length] ?? "#5865f2";
}
