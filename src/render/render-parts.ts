/**
 * The parts of a message beyond content and embeds, as Discord's client shows them: link buttons (action rows),
 * attachments (images inline, other files as cards with name and size), the "@silent" hint, and "(edited)" with the
 * earlier versions. Every string from the message is escaped.
 */
import { escapeHtml, obj, safeHttpUrl, str } from "./escape.js";
import { formatTime, isoTime } from "./time.js";

/** A file shown on a message. */
export interface RenderAttachment {
  /** The file's name (`filename`, or `name` as the dispatcher's `files` option spells it). */
  filename: string;
  /** Bytes, when known. */
  size?: number;
  contentType?: string | null;
  /**
   * Where the image can be loaded from: an http(s) URL or a same-origin path (`/...`). Images without one show as a
   * box naming the file, like embed images (pages that load nothing remote).
   */
  url?: string;
}

/** One earlier version of an edited message. */
export interface RenderEdit {
  at: Date;
  /** The message's fields before the edit (`content`, `embeds`). */
  previous: Readonly<Record<string, unknown>>;
}

const LINK_BUTTON = 5;
const IMAGE = /^image\/(png|jpe?g|gif|webp)$/i;

/** The link buttons of `components` (action rows of buttons); other components show as disabled buttons. */
export function componentsHtml(components: readonly unknown[]): string {
  const rows = components.map(obj).filter((r): r is Record<string, unknown> => r !== null && Array.isArray(r.components));
  if (rows.length === 0) return "";
  const html = rows.map((row) => {
    const buttons = (row.components as unknown[]).map((c) => {
      const b = obj(c) ?? {};
      const label = escapeHtml(str(b.label) || "Button");
      const href = b.style === LINK_BUTTON ? safeHttpUrl(b.url) : null;
      if (!href) return `<span class="dm-button dm-button-disabled">${label}</span>`;
      return `<a class="dm-button" href="${escapeHtml(href)}" title="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${label}${EXTERNAL_ICON}</a>`;
    });
    return `<div class="dm-row">${buttons.join("")}</div>`;
  });
  return `<div class="dm-components">${html.join("")}</div>`;
}

/** Images inline (when they have a URL), other files as cards with name and size. */
export function attachmentsHtml(attachments: readonly RenderAttachment[]): string {
  if (attachments.length === 0) return "";
  const html = attachments.map((a) => {
    const name = escapeHtml(a.filename);
    const src = imageSource(a.url);
    if (src && IMAGE.test(a.contentType ?? "")) {
      return `<div class="dm-attachment-image"><img src="${escapeHtml(src)}" alt="${name}" title="${name}" loading="lazy"></div>`;
    }
    const size = a.size === undefined ? "" : `<span class="dm-file-size">${escapeHtml(formatSize(a.size))}</span>`;
    return `<div class="dm-file">${FILE_ICON}<div class="dm-file-text"><span class="dm-file-name">${name}</span>${size}</div></div>`;
  });
  return `<div class="dm-attachments">${html.join("")}</div>`;
}

/** The hint Discord shows on a message sent with SUPPRESS_NOTIFICATIONS. */
export function silentHtml(): string {
  return `<span class="dm-silent" title="Silent message: sent with @silent (SUPPRESS_NOTIFICATIONS), no push notification or sound">${BELL_SLASH_ICON}<span>@silent</span></span>`;
}

/** "(edited)", with every earlier version listed (newest edit last) in a details element and its title. */
export function editedHtml(edits: readonly RenderEdit[]): string {
  if (edits.length === 0) return "";
  const last = edits.at(-1);
  const lastIso = isoTime(last?.at);
  const title = edits.map((e) => `before the edit at ${isoTime(e.at) ?? "?"}: ${summary(e.previous)}`).join("\n");
  const items = edits.map((e) => {
    const iso = isoTime(e.at);
    const when = iso ? `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatTime(new Date(iso)))}</time>` : "";
    return `<li>${when}<span class="dm-edit-before">${escapeHtml(summary(e.previous))}</span></li>`;
  });
  return (
    `<details class="dm-edited"><summary title="${escapeHtml(`Edited ${String(edits.length)}×${lastIso ? `, last at ${lastIso}` : ""}\n${title}`)}">(edited)</summary>` +
    `<ol class="dm-edit-history">${items.join("")}</ol></details>`
  );
}

/** A one-line summary of a version: its content, else its embeds' titles. */
function summary(fields: Readonly<Record<string, unknown>>): string {
  const content = str(fields.content).trim();
  const titles = (Array.isArray(fields.embeds) ? fields.embeds : []).map((e) => str(obj(e)?.title)).filter(Boolean);
  const text = content || (titles.length > 0 ? `embed: ${titles.join(", ")}` : "(empty)");
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** An http(s) URL, or a same-origin absolute path (the inbox serves the fake's files). */
function imageSource(url: string | undefined): string | null {
  if (url === undefined) return null;
  if (/^\/(?!\/)[\w./%-]*$/.test(url)) return url;
  return safeHttpUrl(url);
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} bytes`;
  const units = ["KB", "MB", "GB"];
  let n = bytes / 1024;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${n.toFixed(2)} ${units[unit] ?? "GB"}`;
}

const EXTERNAL_ICON =
  '<svg class="dm-icon" aria-hidden="true" viewBox="0 0 24 24" width="16" height="16"><path fill="currentColor" d="M15 2a1 1 0 0 0 0 2h3.59l-7.3 7.3a1 1 0 1 0 1.42 1.4L20 5.42V9a1 1 0 1 0 2 0V3a1 1 0 0 0-1-1h-6ZM5 4a3 3 0 0 0-3 3v12a3 3 0 0 0 3 3h12a3 3 0 0 0 3-3v-5a1 1 0 1 0-2 0v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5a1 1 0 1 0 0-2H5Z"/></svg>';
const BELL_SLASH_ICON =
  '<svg class="dm-icon" aria-hidden="true" viewBox="0 0 24 24" width="14" height="14"><path fill="currentColor" d="M3.7 2.3a1 1 0 0 0-1.4 1.4l18 18a1 1 0 0 0 1.4-1.4l-2.6-2.6.4-.2c.3-.2.5-.5.5-.9a1 1 0 0 0-.3-.7L18 14.2V10a6 6 0 0 0-9.9-4.6L3.7 2.3ZM6.1 9.3A6 6 0 0 0 6 10v4.2l-1.7 1.7A1 1 0 0 0 5 17.6h9.4L6.1 9.3ZM9.5 19a2.5 2.5 0 0 0 5 0h-5Z"/></svg>';
const FILE_ICON =
  '<svg class="dm-file-icon" aria-hidden="true" viewBox="0 0 30 40" width="30" height="40"><path fill="#b5bac1" d="M3 0h17l10 10v27a3 3 0 0 1-3 3H3a3 3 0 0 1-3-3V3a3 3 0 0 1 3-3Z"/><path fill="#dbdee1" d="M20 0l10 10h-7a3 3 0 0 1-3-3V0Z"/><path fill="#4e5058" d="M6 18h18v2H6zm0 5h18v2H6zm0 5h12v2H6z"/></svg>';
