/**
 * The parts of Discord's markdown that start a line (headings, subtext, list items) and the angle-bracket tokens
 * (mentions and timestamps), as the renderer shows them. Mentions never resolve to names: no guild is known.
 */
import { escapeHtml } from "./escape.js";
import { formatTime } from "./time.js";

const HEADING = /^(#{1,3}) +([^\n]+)\n?/;
const SUBTEXT = /^-# +([^\n]+)\n?/;
const LIST_ITEM = /^( {0,8})([-*]|\d{1,9}\.) +([^\n]+)\n?/;

/** A heading, subtext line or list item at the start of `rest`, its inline text rendered by `inline`. */
export function lineBlock(rest: string, inline: (text: string) => string): { html: string; length: number } | null {
  const h = HEADING.exec(rest);
  if (h) return { html: `<div class="md-h md-h${String(h[1]?.length ?? 1)}">${inline(h[2] ?? "")}</div>`, length: h[0].length };
  const sub = SUBTEXT.exec(rest);
  if (sub) return { html: `<div class="md-subtext">${inline(sub[1] ?? "")}</div>`, length: sub[0].length };
  const li = LIST_ITEM.exec(rest);
  if (!li) return null;
  const marker = li[2] === "-" || li[2] === "*" ? "•" : (li[2] ?? "");
  const depth = Math.min(2, Math.floor((li[1]?.length ?? 0) / 2));
  return {
    html: `<div class="md-li md-li-${String(depth)}"><span class="md-li-mark">${escapeHtml(marker)}</span>${inline(li[3] ?? "")}</div>`,
    length: li[0].length,
  };
}

/** `<@id>`, `<@&id>`, `<#id>` as pills; `<t:unix:style>` as a UTC time (stable output, whatever the style). */
export function mention(token: string): string {
  const t = /^<t:(-?\d+)(?::([tTdDfFR]))?>$/.exec(token);
  if (t) {
    const at = new Date(Number(t[1]) * 1000);
    if (Number.isNaN(at.getTime())) return escapeHtml(token);
    return `<time class="md-timestamp" datetime="${escapeHtml(at.toISOString())}" title="style ${escapeHtml(t[2] ?? "f")}">${escapeHtml(formatTime(at))}</time>`;
  }
  const id = /\d+/.exec(token)?.[0] ?? "";
  const label = token.startsWith("<@&") ? `@role ${id}` : token.startsWith("<#") ? `#channel ${id}` : `@user ${id}`;
  return `<span class="md-mention">${escapeHtml(label)}</span>`;
}
