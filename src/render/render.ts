/**
 * One message as Discord's client shows it, as HTML: username and avatar, content, and each embed with its colour
 * bar, author, title, description, fields (inline ones three to a row), thumbnail and image boxes, footer and
 * timestamp. Images are never loaded (the panel and the inbox work offline and user URLs are not fetched): they show as boxes
 * naming the file. Every string from the message is escaped.
 */
import type { DiscordMessage } from "../discord/schemas.js";
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
  /**
   * `false`: no `style` attributes (for pages with a strict Content-Security-Policy): avatar colours and field
   * columns become classes (`dm-avatar-c0`..`c5`, `dm-col-{perRow}-{index}`) and an embed's colour is left in its
   * `data-color` for a script to apply. Default `true`.
   */
  styleAttributes?: boolean;
}

const SUPPRESS_EMBEDS = 4;

/**
 * Renders one message as Discord shows it (the markup of the panel and the inbox), so hosts can snapshot-test what their embeds look
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
  const inline = options.styleAttributes !== false;
  const avatar = avatarIndex(username);
  const avatarStyle = inline ? ` style="background:${PALETTE[avatar] ?? "#5865f2"}"` : "";
  const parts = [
    `<article class="dm-message">`,
    `<div class="dm-avatar dm-avatar-c${String(avatar)}"${avatarStyle}${avatarUrl ? ` title="${escapeHtml(avatarUrl)}"` : ""} aria-hidden="true">${escapeHtml(firstLetter(username))}</div>`,
    `<div class="dm-main">`,
    `<header class="dm-header"><span class="dm-username">${escapeHtml(username)}</span><span class="dm-tag">APP</span>`,
    iso ? `<time class="dm-time" datetime="${escapeHtml(iso)}">${escapeHtml(formatTime(new Date(iso)))}</time>` : "",
    `</header>`,
    content.trim() === "" ? "" : `<div class="dm-content">${markdownToHtml(content)}</div>`,
  ];
  if (suppressed && embeds.length > 0) parts.push(`<div class="dm-note">${embeds.length} embed(s) suppressed (flags & 4)</div>`);
  else if (embeds.length > 0) parts.push(`<div class="dm-embeds">${embeds.map((e) => renderEmbed(obj(e) ?? {}, inline)).join("")}</div>`);
  parts.push(`</div></article>`);
  return parts.join("");
}

function firstLetter(name: string): string {
  const cp = name.codePointAt(0);
  return cp === undefined ? "?" : String.fromCodePoint(cp).toUpperCase();
}

const PALETTE = ["#5865f2", "#3ba55c", "#faa61a", "#ed4245", "#eb459e", "#747f8d"];

/** A stable colour per name (an index into {@link PALETTE}), like Discord's default avatars. */
function avatarIndex(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return h % PALETTE.length;
}
