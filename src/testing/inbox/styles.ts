/**
 * The inbox's styles: Discord's dark theme, system fonts only (nothing is downloaded). The `dm-*` classes style
 * the markup of `renderMessageHtml` (`src/render/styles.ts`, `src/render/styles-markdown.ts`); the rest is the page
 * around it.
 */
import { MESSAGE_CSS } from "../../render/styles.js";
import { MARKDOWN_CSS } from "../../render/styles-markdown.js";

/** The whole sheet served as /inbox/app.css. */
export const INBOX_CSS = `${MARKDOWN_CSS}:root {
  --bg: #313338; --bg-side: #2b2d31; --bg-deep: #1e1f22; --embed-bg: #2b2d31; --embed-border: #1e1f22;
  --text: #dbdee1; --muted: #949ba4; --head: #f2f3f5; --link: #00a8fc; --code-bg: #2b2d31; --quote: #4e5058;
  --danger: #f23f43; --warn: #f0b232; --ok: #23a55a; --accent: #5865f2;
  color-scheme: dark;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: var(--bg); color: var(--text);
  font: 16px/1.375 "gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif; }
.app { display: grid; grid-template-columns: 264px 1fr; height: 100vh; }
.sidebar { background: var(--bg-side); display: flex; flex-direction: column; overflow: hidden; }
.server-name { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; font-weight: 600;
  color: var(--head); box-shadow: 0 1px 0 rgba(0,0,0,.3); }
.live { font-size: 11px; font-weight: 600; text-transform: uppercase; color: var(--muted); }
.live.on { color: var(--ok); }
.api-base { padding: 8px 16px; font-size: 12px; color: var(--muted); }
.api-base code { display: block; color: var(--text); word-break: break-all; font-size: 12px; }
.channels { flex: 1; overflow-y: auto; padding: 8px; }
.channels button { display: flex; width: 100%; justify-content: space-between; gap: 8px; padding: 6px 8px; margin: 1px 0;
  border: 0; border-radius: 4px; background: none; color: var(--muted); font: inherit; font-size: 15px; text-align: left; cursor: pointer; }
.channels button:hover { background: #35373c; color: var(--text); }
.channels button.active { background: #404249; color: var(--head); }
.channels .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.channels .badge { font-size: 12px; color: var(--muted); }
.channels .channel { margin-top: 6px; }
.channels .webhook-item { padding: 2px 8px 2px 20px; font-size: 13px; }
.channels .channel-item { color: #b5bac1; }
.add { display: flex; gap: 6px; padding: 8px; border-top: 1px solid var(--bg-deep); }
.add input { flex: 1; min-width: 0; padding: 6px 8px; border: 0; border-radius: 4px; background: var(--bg-deep); color: var(--text); font: inherit; font-size: 14px; }
.add button { padding: 6px 10px; border: 0; border-radius: 4px; background: var(--accent); color: #fff; font: inherit; font-size: 14px; cursor: pointer; }
.added { padding: 8px; font-size: 12px; color: var(--muted); }
.added .url { display: block; margin-top: 4px; color: var(--text); word-break: break-all; user-select: all; }
.chat { display: flex; flex-direction: column; min-width: 0; overflow: hidden; }
.chat-header { display: flex; align-items: center; gap: 8px; padding: 12px 16px; font-weight: 600; color: var(--head); box-shadow: 0 1px 0 rgba(0,0,0,.3); }
.chat-header .hash { color: var(--muted); font-size: 22px; }
.chat-header .count { margin-left: auto; font-size: 13px; font-weight: 400; color: var(--muted); }
.messages { flex: 1; overflow-y: auto; padding: 8px 0 24px; }
.empty { padding: 24px 16px; color: var(--muted); }
.empty[hidden] { display: none; }
.dm-entry { padding: 6px 16px 6px 16px; }
.dm-entry:hover { background: #2e3035; }
.dm-entry-meta { font-size: 12px; color: var(--muted); margin: 0 0 2px 56px; }
.dm-entry.dm-continued { padding-top: 1px; }
.dm-continued .dm-entry-meta, .dm-continued .dm-header { display: none; }
.dm-continued .dm-avatar { visibility: hidden; height: 0; }
${MESSAGE_CSS}.dm-forum-post { margin: 6px 16px; padding: 10px 12px; background: var(--bg-side); border: 1px solid var(--bg-deep); border-radius: 8px; }
.dm-forum-post:hover { background: var(--bg-side); }
.dm-forum-post .dm-entry-meta { margin-left: 0; }
.dm-forum-head { display: flex; align-items: center; flex-wrap: wrap; gap: 8px; margin: 2px 0 8px; }
.dm-forum-title { color: var(--head); font-size: 18px; font-weight: 600; }
.dm-forum-tags { display: flex; gap: 4px; }
.dm-forum-tag { padding: 0 8px; border-radius: 8px; background: #3f4147; color: var(--text); font-size: 12px; line-height: 20px; }
.dm-post-messages { margin-top: 4px; border-top: 1px solid var(--bg-deep); }
.dm-post-messages:empty { display: none; }
.dm-post-messages .dm-entry { padding-left: 0; padding-right: 0; }
.dm-post-messages .dm-entry-meta { display: none; }
.dm-refusal { border-left: 3px solid var(--warn); margin: 2px 16px; padding: 6px 12px; background: rgba(240,178,50,.06); }
.dm-refusal .dm-entry-meta { margin-left: 0; }
.dm-refusal-invalid, .dm-refusal-refused { border-left-color: var(--danger); background: rgba(242,63,67,.06); }
.dm-refusal-fault { border-left-color: #eb459e; background: rgba(235,69,158,.06); }
.dm-refusal-read { border-left-color: var(--ok); background: rgba(35,165,90,.06); }
.dm-refusal-line { display: flex; align-items: baseline; gap: 8px; }
.dm-badge { font: 600 12px/18px Consolas, Menlo, monospace; padding: 0 6px; border-radius: 3px; background: var(--bg-deep); color: var(--head); }
.dm-refusal-title { font-size: 14px; color: var(--head); }
.dm-refusal-request, .dm-refusal-detail { font: 12px/1.4 Consolas, Menlo, monospace; color: var(--muted); word-break: break-all; margin-top: 2px; }
`;
