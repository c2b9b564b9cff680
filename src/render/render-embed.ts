/**
 * One embed as Discord's client lays it out. Images are boxes naming the file (nothing is loaded); every string is
 * escaped; links are http(s) only.
 */
import { escapeHtml, obj, safeHttpUrl, str } from "./escape.js";
import { markdownToHtml } from "./markdown.js";
import { formatTime } from "./time.js";

/**
 * One embed: colour bar, author, title, description, fields, image, thumbnail, footer. `inline: false` puts no
 * `style` attribute anywhere (field columns become classes, the colour stays in `data-color`).
 */
export function renderEmbed(e: Record<string, unknown>, inline = true): string {
  const color = colorOf(e.color);
  const thumbnail = mediaUrl(e.thumbnail);
  const inner = [
    author(obj(e.author)),
    title(str(e.title), safeHttpUrl(e.url)),
    str(e.description).trim() === "" ? "" : `<div class="dm-embed-description">${markdownToHtml(str(e.description))}</div>`,
    fields(Array.isArray(e.fields) ? (e.fields as unknown[]) : [], thumbnail !== null, inline),
    mediaBox("dm-embed-image", mediaUrl(e.image)),
  ].join("");
  const footerHtml = footer(obj(e.footer), str(e.timestamp));
  return (
    `<div class="dm-embed" data-color="${color ?? ""}"${inline ? ` style="border-left-color:${color ?? "var(--embed-border)"}"` : ""}>` +
    `<div class="dm-embed-grid${thumbnail ? " dm-has-thumbnail" : ""}"><div class="dm-embed-body">${inner}</div>` +
    `${mediaBox("dm-embed-thumbnail", thumbnail)}</div>${footerHtml}</div>`
  );
}

function author(a: Record<string, unknown> | null): string {
  const name = str(a?.name);
  if (!a || name.trim() === "") return "";
  const url = safeHttpUrl(a.url);
  const icon = safeHttpUrl(a.icon_url);
  const label = url
    ? `<a class="dm-embed-author-name" href="${escapeHtml(url)}" target="_blank" rel="noreferrer noopener">${escapeHtml(name)}</a>`
    : `<span class="dm-embed-author-name">${escapeHtml(name)}</span>`;
  return `<div class="dm-embed-author">${icon ? iconBox(icon) : ""}${label}</div>`;
}

function title(text: string, url: string | null): string {
  if (text.trim() === "") return "";
  if (!url) return `<div class="dm-embed-title">${markdownToHtml(text)}</div>`;
  return `<div class="dm-embed-title"><a href="${escapeHtml(url)}" target="_blank" rel="noreferrer noopener">${escapeHtml(text)}</a></div>`;
}

/** Discord's field layout: inline fields share a row (three, or two beside a thumbnail); others take a whole row. */
function fields(list: unknown[], besideThumbnail: boolean, inline: boolean): string {
  if (list.length === 0) return "";
  const perRow = besideThumbnail ? 2 : 3;
  const rows: Record<string, unknown>[][] = [];
  let row: Record<string, unknown>[] = [];
  for (const raw of list) {
    const f = obj(raw) ?? {};
    if (f.inline !== true || row.length === perRow) {
      if (row.length > 0) rows.push(row);
      row = [];
    }
    row.push(f);
    if (f.inline !== true) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  const cells = rows.flatMap((r) => {
    const span = 12 / r.length;
    return r.map((f, i) => {
      const isInline = f.inline === true ? " dm-field-inline" : "";
      const place = inline ? ` style="grid-column:${1 + i * span} / ${1 + (i + 1) * span}"` : "";
      return (
        `<div class="dm-field${isInline} dm-col-${r.length}-${i}"${place}>` +
        `<div class="dm-field-name">${markdownToHtml(str(f.name))}</div><div class="dm-field-value">${markdownToHtml(str(f.value))}</div></div>`
      );
    });
  });
  return `<div class="dm-embed-fields">${cells.join("")}</div>`;
}

function footer(f: Record<string, unknown> | null, timestamp: string): string {
  const text = str(f?.text);
  const at = timestamp === "" ? null : new Date(timestamp);
  const time = at && !Number.isNaN(at.getTime()) ? formatTime(at) : "";
  if (text.trim() === "" && time === "") return "";
  const icon = safeHttpUrl(f?.icon_url);
  const sep = text.trim() !== "" && time !== "" ? `<span class="dm-sep">•</span>` : "";
  return (
    `<div class="dm-embed-footer">${icon ? iconBox(icon) : ""}<span class="dm-footer-text">${escapeHtml(text)}</span>${sep}` +
    `${time ? `<time class="dm-footer-time" datetime="${escapeHtml(timestamp)}">${escapeHtml(time)}</time>` : ""}</div>`
  );
}

function mediaUrl(value: unknown): string | null {
  const url = str(obj(value)?.url);
  if (url.startsWith("attachment://")) return url;
  return safeHttpUrl(url);
}

/** An image is shown as a box that names the file: nothing remote is loaded. */
function mediaBox(cls: string, url: string | null): string {
  if (!url) return "";
  const path = url.replace(/^[a-z]+:\/\//i, "").replace(/[?#].*$/, "");
  const name = path.split("/").filter(Boolean).at(-1) ?? path;
  return `<div class="${cls} dm-media-box" title="${escapeHtml(url)}"><span class="dm-media-icon"></span><span class="dm-media-name">${escapeHtml(name)}</span></div>`;
}

function iconBox(url: string): string {
  return `<span class="dm-icon-box" title="${escapeHtml(url)}"></span>`;
}

function colorOf(value: unknown): string | null {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffff) return null;
  return `#${value.toString(16).padStart(6, "0")}`;
}
