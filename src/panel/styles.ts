/**
 * The drop-in panel's styles: system fonts, nothing downloaded; dark by default and light when the system asks
 * (`prefers-color-scheme`); visible focus rings for keyboard use. The message previews use `MESSAGE_CSS`.
 */
import { MESSAGE_CSS } from "../render/styles.js";
import { MARKDOWN_CSS } from "../render/styles-markdown.js";

/** The whole sheet of the panel page. */
export const PANEL_CSS = `${MARKDOWN_CSS}${MESSAGE_CSS}:root {
  --bg: #313338; --card: #2b2d31; --bg-deep: #1e1f22; --embed-bg: #222327; --embed-border: #1e1f22; --line: #3f4147;
  --text: #dbdee1; --muted: #a3a9b2; --head: #f2f3f5; --link: #6cc4ff; --code-bg: #2b2d31; --quote: #4e5058;
  --danger: #ff6b6e; --warn: #f0b232; --ok: #3fc37a; --accent: #5865f2; --accent-text: #fff; --focus: #8ab4ff;
  --on-bg: #1d4d33; --on-fg: #a6f0c4; --off-bg: #5c2326; --off-fg: #ffc4c5; color-scheme: dark;
}
@media (prefers-color-scheme: light) { :root {
  --bg: #f2f3f5; --card: #fff; --bg-deep: #e3e5e8; --embed-bg: #f2f3f5; --embed-border: #e3e5e8; --line: #d4d7dc;
  --text: #313338; --muted: #5c5e66; --head: #060607; --link: #005fb8; --code-bg: #ebedef; --quote: #c4c9ce;
  --danger: #c0262b; --warn: #8a5a00; --ok: #1a7a45; --accent: #4752c4; --focus: #0b57d0; color-scheme: light;
  --on-bg: #d5f5e3; --on-fg: #0b5129; --off-bg: #fde2e2; --off-fg: #8f1519;
} .md-mention { color: #3c46b5; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.45 "gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { margin: 0 0 4px; font-size: 24px; color: var(--head); }
h2 { margin: 0; font-size: 17px; color: var(--head); overflow-wrap: anywhere; }
h3 { margin: 16px 0 8px; font-size: 14px; color: var(--head); }
.intro, .hint, .meta { color: var(--muted); font-size: 13px; }
.intro { margin: 0 0 16px; }
.bar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 12px 0; }
.card.off { border-left: 4px solid var(--danger); }
.status { margin: 6px 0 10px; }
.pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; line-height: 20px; }
.pill.on { background: var(--on-bg); color: var(--on-fg); } .pill.off { background: var(--off-bg); color: var(--off-fg); }
.advice { color: var(--danger); font-weight: 600; }
button, select, input { font: inherit; font-size: 14px; color: inherit; }
button { padding: 6px 12px; border-radius: 4px; border: 1px solid var(--line); background: var(--bg-deep); color: var(--text); cursor: pointer; }
button:hover { filter: brightness(1.12); }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-text); }
button.danger { color: var(--danger); }
button:disabled { opacity: .6; cursor: progress; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
form { display: grid; gap: 10px; margin-top: 8px; }
label { display: grid; gap: 4px; font-size: 13px; font-weight: 600; color: var(--head); }
input, select { padding: 7px 9px; border-radius: 4px; border: 1px solid var(--line); background: var(--bg-deep); width: 100%; }
.row2 { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.check { font-size: 13px; font-weight: 400; }
.check.ok { color: var(--ok); } .check.bad { color: var(--danger); }
.notice { min-height: 22px; margin: 8px 0; font-weight: 600; }
.notice.bad, .msg.bad { color: var(--danger); } .msg.ok { color: var(--ok); }
.hint, .check { margin: 0; }
code.url { display: block; margin-top: 2px; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.previews, .log { margin-top: 12px; border-top: 1px solid var(--line); padding-top: 4px; }
.preview { padding: 8px 0; }
.filters { display: flex; gap: 8px; margin-bottom: 8px; } .filters label { flex: 1; }
.entries { list-style: none; margin: 0; padding: 0; }
.entry { border-top: 1px solid var(--line); padding: 8px 0; }
.entry .bar { justify-content: space-between; }
.entry .why { color: var(--danger); font-size: 13px; }
.entry .rendered { padding: 10px 0 4px; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
[hidden] { display: none !important; }
@media (max-width: 640px) { .row2 { grid-template-columns: 1fr; } }
`;
