/**
 * One message as Discord's client shows it, as HTML: username and avatar, content, and each embed with its colour
 * bar, author, title, description, fields (inline ones three to a row), thumbnail and image boxes, footer and
 * timestamp, then its attachments, link buttons, the "@silent" hint and "(edited)". Embed images are never loaded (the panel and the inbox work offline and user URLs are not fetched): they show as boxes
 * naming the file. Every string from the message is escaped.
 */
import type { DiscordMessage } from "../discord/schemas.js";
import { escapeHtml, obj, safeHttpUrl, str } from "./escape.js";
import { markdownToHtml } from "./markdown.js";
import { renderEmbed } from "./render-embed.js";
import { attachmentsHtml, componentsHtml, editedHtml, silentHtml, type RenderAttachment, type RenderEdit } from "./render-parts.js";
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
  /**
   * The files shown on the message (images with a `url` inline, others as cards). Default: the record's
   * `attachments` (a `FakeMessage`'s), else the body's `attachments` that name a `filename`.
   */
  attachments?: readonly RenderAttachment[];
  /** Earlier versions, for "(edited)". Default: the record's `edits` (a `FakeMessage`'s), else none. */
  edits?: readonly RenderEdit[];
}

const SUPPRESS_EMBEDS = 4;
const SUPPRESS_NOTIFICATIONS = 4096;

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
  // A record's own flags and components are what Discord kept (it drops components without `with_components`).
  const flags = typeof record.flags === "number" ? record.flags : typeof body.flags === "number" ? body.flags : 0;
  const suppressed = (flags & SUPPRESS_EMBEDS) !== 0;
  const components = wrapped && Array.isArray(record.components) ? record.components : Array.isArray(body.components) ? body.components : [];
  const edits = options.edits ?? (Array.isArray(record.edits) ? record.edits.filter(isEdit) : []);
  const attachments = options.attachments ?? attachmentList(wrapped ? record.attachments : body.attachments);
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
    (flags & SUPPRESS_NOTIFICATIONS) !== 0 ? silentHtml() : "",
    `</header>`,
    content.trim() === "" ? "" : `<div class="dm-content">${markdownToHtml(content)}${editedHtml(edits)}</div>`,
  ];
  if (suppressed && embeds.length > 0) parts.push(`<div class="dm-note">${embeds.length} embed(s) suppressed (flags & 4)</div>`);
  else if (embeds.length > 0) parts.push(`<div class="dm-embeds">${embeds.map((e) => renderEmbed(obj(e) ?? {}, inline)).join("")}</div>`);
  parts.push(attachmentsHtml(attachments), componentsHtml(components));
  if (content.trim() === "") parts.push(editedHtml(edits));
  parts.push(`</div></article>`);
  return parts.join("");
}

function isEdit(value: unknown): value is RenderEdit {
  const e = obj(value);
  return e !== null && e.at instanceof Date && obj(e.previous) !== null;
}

/** Files named on a record or body: `{ filename | name, size?, contentType? | content_type? }`. */
function attachmentList(value: unknown): RenderAttachment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const a = obj(v);
    const filename = str(a?.filename) || str(a?.name);
    if (!a || !filename) return [];
    const size = typeof a.size === "number" ? a.size : undefined;
    const contentType = str(a.contentType) || str(a.content_type) || null;
    return [{ filename, ...(size === undefined ? {} : { size }), contentType }];
  });
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
