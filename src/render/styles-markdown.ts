/** Styles of the markdown inside messages and embeds (`md-*` classes of `./markdown.ts`). */
export const MARKDOWN_CSS = `.md-link { color: var(--link); text-decoration: none; }
.md-link:hover { text-decoration: underline; }
.md-code { background: var(--code-bg); border-radius: 4px; padding: 0 .2em; font: .875em/1.125 Consolas, "Andale Mono WT", Menlo, monospace; }
.dm-embed .md-code { background: var(--bg-deep); }
.md-codeblock { margin: 6px 0 0; padding: 7px; background: var(--code-bg); border: 1px solid var(--bg-deep); border-radius: 4px;
  font: .875em/1.125 Consolas, Menlo, monospace; white-space: pre-wrap; }
.dm-embed .md-codeblock { background: var(--bg-deep); }
.md-quote { margin: 2px 0; padding: 0 8px 0 12px; border-left: 4px solid var(--quote); border-radius: 4px; }
.md-spoiler { background: var(--bg-deep); color: var(--bg-deep); border-radius: 3px; }
.md-h { font-weight: 700; color: var(--head); margin: 4px 0 2px; } .md-h1 { font-size: 1.5em; } .md-h2 { font-size: 1.25em; } .md-h3 { font-size: 1em; }
.md-subtext { font-size: .8125em; color: var(--muted); }
.md-li { display: flex; gap: 6px; } .md-li-1 { padding-left: 16px; } .md-li-2 { padding-left: 32px; }
.md-mention, .md-timestamp { background: rgba(88,101,242,.3); color: #c9cdfb; border-radius: 3px; padding: 0 2px; font-weight: 500; }
.md-timestamp { background: rgba(255,255,255,.06); color: var(--text); font-weight: 400; }
.md-spoiler:hover { color: var(--text); }
`;
