/**
 * The markdown subset Discord renders in message content, embed descriptions and field values: bold, italic,
 * underline, strike, spoilers, inline code, code blocks, masked and bare links, block quotes, headings, subtext,
 * list items, mentions, timestamps and backslash escapes. Every piece of text is HTML-escaped; only http(s) URLs
 * become links.
 */
import { escapeHtml, safeHttpUrl } from "./escape.js";
import { lineBlock, mention } from "./markdown-lines.js";

interface Ctx {
  depth: number;
  /** Inside a block quote (Discord does not nest them) or a link text (no links in links). */
  inQuote: boolean;
  inLink: boolean;
}

type Rule = (m: RegExpExecArray, ctx: Ctx) => string;

const MAX_DEPTH = 16;

function link(href: string, inner: string): string {
  return `<a class="md-link" href="${escapeHtml(href)}" target="_blank" rel="noreferrer noopener">${inner}</a>`;
}

function wrap(tag: string, cls: string): Rule {
  return (m, ctx) => `<${tag} class="${cls}">${parse(m[1] ?? "", { ...ctx, depth: ctx.depth + 1 })}</${tag}>`;
}

function urlRule(m: RegExpExecArray, ctx: Ctx): string {
  const href = safeHttpUrl(m[1] ?? m[0]);
  const text = escapeHtml(m[1] ?? m[0]);
  return href === null || ctx.inLink ? text : link(href, text);
}

/** The inline rules in priority order, each anchored at the current position. */
const RULES: readonly [RegExp, Rule][] = [
  [/^\\([^0-9A-Za-z\s])/, (m) => escapeHtml(m[1] ?? "")],
  [
    /^\[([^[\]\n]+)\]\(\s*<?(https?:\/\/[^\s<>)]+)>?\s*\)/,
    (m, ctx) => {
      const href = safeHttpUrl(m[2]);
      const inner = parse(m[1] ?? "", { ...ctx, depth: ctx.depth + 1, inLink: true });
      return href === null || ctx.inLink ? escapeHtml(m[0]) : link(href, inner);
    },
  ],
  [/^<(?:@!?|@&|#)\d{1,25}>|^<t:-?\d{1,13}(?::[tTdDfFR])?>/, (m) => mention(m[0])],
  [/^<(https?:\/\/[^\s>]+)>/, urlRule],
  [/^https?:\/\/[^\s<]+[^<.,:;"')\]\s]/, urlRule],
  [/^\*\*([\s\S]+?)\*\*(?!\*)/, wrap("strong", "md-bold")],
  [/^__([\s\S]+?)__(?!_)/, wrap("u", "md-underline")],
  [/^_((?:__|\\[\s\S]|[^\\_])+?)_(?![A-Za-z0-9_])/, wrap("em", "md-italic")],
  [/^\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)/, wrap("em", "md-italic")],
  [/^~~([\s\S]+?)~~/, wrap("s", "md-strike")],
  [/^\|\|([\s\S]+?)\|\|/, wrap("span", "md-spoiler")],
  [/^\n/, () => "<br>"],
];

const QUOTE_REST = /^ *>>> ([\s\S]*)/;
const QUOTE_LINES = /^ *> [^\n]*(?:\n *> [^\n]*)*\n?|^ *>\n/;
const TEXT = /^[\s\S]+?(?=[^0-9A-Za-z\s\u00c0-\uffff]|\n|\w+:\S|$)/;

/**
 * A fenced code block: ```` ```lang\ncode``` ````. Found with `indexOf`, not a regex: a pattern with optional
 * newlines around lazy content backtracks cubically on an unclosed fence followed by many newlines.
 */
function codeBlock(rest: string): { html: string; length: number } | null {
  if (!rest.startsWith("```")) return null;
  const end = rest.indexOf("```", 3);
  if (end === -1) return null;
  let code = rest.slice(3, end);
  const lang = /^[A-Za-z0-9_+#.-]+\n/.exec(code);
  if (lang) code = code.slice(lang[0].length);
  let from = 0;
  let to = code.length;
  while (from < to && code[from] === "\n") from += 1;
  while (to > from && code[to - 1] === "\n") to -= 1;
  if (from === to) return null;
  return { html: `<pre class="md-codeblock"><code>${escapeHtml(code.slice(from, to))}</code></pre>`, length: end + 3 };
}

/**
 * Inline code as Discord's `/^(`+)([\s\S]*?[^`])\1(?!`)/` finds it, in one pass: the longest opening run of n
 * backticks for which a later run of exactly n backticks follows a character that is not one.
 */
function inlineCode(rest: string): { html: string; length: number } | null {
  let open = 0;
  while (rest.charCodeAt(open) === 96) open += 1;
  if (open === 0) return null;
  const firstRun = new Map<number, number>();
  for (let i = open; i < rest.length; i++) {
    if (rest.charCodeAt(i) !== 96 || rest.charCodeAt(i - 1) === 96) continue;
    let end = i;
    while (rest.charCodeAt(end) === 96) end += 1;
    if (i > open && !firstRun.has(end - i)) firstRun.set(end - i, i);
    i = end;
  }
  for (let n = open; n >= 1; n--) {
    const at = firstRun.get(n);
    if (at !== undefined && at > n) return { html: `<code class="md-code">${escapeHtml(rest.slice(n, at).trim())}</code>`, length: at + n };
  }
  return null;
}

/** A block quote at the start of a line: `> line` lines, or `>>> ` quoting everything after it. */
function quote(rest: string, ctx: Ctx): { html: string; length: number } | null {
  if (ctx.inQuote) return null;
  const all = QUOTE_REST.exec(rest);
  const lines = all ? null : QUOTE_LINES.exec(rest);
  if (!all && !lines) return null;
  const length = (all ?? lines)?.[0].length ?? 0;
  const body = all ? (all[1] ?? "") : (lines?.[0] ?? "").replace(/^ *> ?/gm, "").replace(/\n$/, "");
  const inner = parse(body, { ...ctx, depth: ctx.depth + 1, inQuote: true });
  return { html: `<blockquote class="md-quote">${inner}</blockquote>`, length };
}

function parse(src: string, ctx: Ctx): string {
  if (ctx.depth > MAX_DEPTH) return escapeHtml(src);
  let out = "";
  let i = 0;
  outer: while (i < src.length) {
    const rest = src.slice(i);
    if (i === 0 || src[i - 1] === "\n") {
      const q = quote(rest, ctx) ?? lineBlock(rest, (inner) => parse(inner, { ...ctx, depth: ctx.depth + 1 }));
      if (q) {
        out += q.html;
        i += q.length;
        continue;
      }
    }
    const block = rest.charCodeAt(0) === 96 ? (codeBlock(rest) ?? inlineCode(rest)) : null;
    if (block) {
      out += block.html;
      i += block.length;
      continue;
    }
    for (const [re, render] of RULES) {
      const m = re.exec(rest);
      if (m && m[0].length > 0) {
        out += render(m, ctx);
        i += m[0].length;
        continue outer;
      }
    }
    const text = TEXT.exec(rest)?.[0] ?? rest.charAt(0);
    out += escapeHtml(text);
    i += text.length;
  }
  return out;
}

/**
 * Renders Discord markdown as HTML. The result is safe to insert into a page: every character of `text` is
 * escaped, and links point only at http(s) URLs.
 *
 * @example
 * ```ts
 * markdownToHtml("**Crashed** on `node-3`"); // '<strong class="md-bold">Crashed</strong> on <code class="md-code">node-3</code>'
 * ```
 */
export function markdownToHtml(text: string): string {
  return parse(text, { depth: 0, inQuote: false, inLink: false });
}
