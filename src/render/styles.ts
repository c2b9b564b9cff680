/**
 * Styles of `renderMessageHtml`'s markup (`dm-*` classes), shared by the testing inbox and the drop-in panel. They
 * read the colours from CSS variables the page defines: --bg-deep, --embed-bg, --embed-border, --text, --muted,
 * --head, --link, --accent. The class rules (avatar colours, field columns) serve `styleAttributes: false`.
 */

/** The sheet for one rendered message and its embeds. */
export const MESSAGE_CSS = `.dm-message { display: flex; gap: 16px; }
.dm-avatar { flex: none; width: 40px; height: 40px; border-radius: 50%; display: flex; align-items: center; justify-content: center;
  color: #fff; font-weight: 600; }
.dm-main { min-width: 0; flex: 1; }
.dm-header { display: flex; align-items: baseline; gap: 6px; }
.dm-username { color: var(--head); font-weight: 500; }
.dm-tag { background: var(--accent); color: #fff; font-size: 10px; font-weight: 600; padding: 0 4px; border-radius: 3px; line-height: 15px; align-self: center; }
.dm-time { color: var(--muted); font-size: 12px; }
.dm-content { white-space: pre-wrap; word-wrap: break-word; }
.dm-note { color: var(--muted); font-size: 13px; font-style: italic; }
.dm-embeds { display: grid; gap: 4px; margin-top: 4px; }
.dm-embed { max-width: 520px; background: var(--embed-bg); border-left: 4px solid var(--embed-border); border-radius: 4px; padding: 8px 16px 16px 12px; }
.dm-embed-grid { display: grid; grid-template-columns: minmax(0, 1fr); gap: 8px; }
.dm-embed-grid.dm-has-thumbnail { grid-template-columns: minmax(0, 1fr) 80px; }
.dm-embed-body { display: grid; gap: 8px; min-width: 0; padding-top: 8px; }
.dm-embed-author { display: flex; align-items: center; gap: 8px; font-size: 14px; font-weight: 600; color: var(--head); }
.dm-embed-author a { color: var(--head); }
.dm-embed-title { font-weight: 600; color: var(--head); font-size: 16px; }
.dm-embed-title a { color: var(--link); text-decoration: none; }
.dm-embed-title a:hover { text-decoration: underline; }
.dm-embed-description, .dm-field-value { font-size: 14px; white-space: pre-wrap; word-wrap: break-word; }
.dm-embed-fields { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 8px; }
.dm-field { min-width: 0; }
.dm-field-name { font-size: 14px; font-weight: 600; color: var(--head); margin-bottom: 2px; }
.dm-media-box { display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 4px; background: var(--bg-deep);
  border: 1px dashed #4e5058; border-radius: 4px; color: var(--muted); font-size: 11px; overflow: hidden; text-align: center; padding: 4px; }
.dm-embed-image { height: 160px; margin-top: 8px; }
.dm-embed-thumbnail { width: 80px; height: 80px; margin-top: 8px; }
.dm-media-name { max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.dm-embed-thumbnail .dm-media-name { white-space: normal; word-break: break-all; }
.dm-media-icon, .dm-icon-box { display: inline-block; width: 20px; height: 16px; border: 2px solid var(--muted); border-radius: 3px;
  background: linear-gradient(135deg, transparent 55%, var(--muted) 55%); }
.dm-icon-box { width: 20px; height: 20px; border-radius: 50%; flex: none; }
.dm-embed-footer { display: flex; align-items: center; gap: 6px; margin-top: 8px; font-size: 12px; color: var(--muted); }
.dm-embed-footer .dm-icon-box { width: 20px; height: 20px; }
.dm-icon { flex: none; vertical-align: -3px; }
.dm-silent { display: inline-flex; align-items: center; gap: 3px; color: var(--muted); font-size: 12px; }
.dm-edited { display: inline; margin-left: 4px; }
.dm-edited summary { display: inline; color: var(--muted); font-size: 10px; cursor: help; list-style: none; }
.dm-edited summary::-webkit-details-marker { display: none; }
.dm-edit-history { margin: 4px 0; padding: 6px 10px 6px 28px; background: var(--bg-deep); border-radius: 4px; font-size: 13px; color: var(--muted); white-space: normal; }
.dm-edit-history time { margin-right: 6px; font-size: 11px; }
.dm-edit-before { color: var(--text); text-decoration: line-through; text-decoration-color: var(--muted); }
.dm-attachments { display: grid; gap: 8px; margin-top: 8px; justify-items: start; }
.dm-attachment-image img { display: block; max-width: 400px; max-height: 300px; border-radius: 8px; }
.dm-file { display: flex; align-items: center; gap: 8px; width: 432px; max-width: 100%; padding: 10px; background: var(--embed-bg);
  border: 1px solid var(--embed-border); border-radius: 8px; }
.dm-file-text { display: flex; flex-direction: column; min-width: 0; }
.dm-file-name { color: var(--link); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.dm-file-size { color: var(--muted); font-size: 12px; }
.dm-components { display: grid; gap: 8px; margin-top: 8px; }
.dm-row { display: flex; flex-wrap: wrap; gap: 8px; }
.dm-button { display: inline-flex; align-items: center; gap: 6px; height: 32px; padding: 2px 16px; border-radius: 8px; background: #4e5058;
  color: #fff; font-size: 14px; font-weight: 500; text-decoration: none; }
.dm-button:hover { background: #6d6f78; }
.dm-button-disabled { opacity: .5; }
.dm-avatar-c0 { background: #5865f2; } .dm-avatar-c1 { background: #3ba55c; } .dm-avatar-c2 { background: #faa61a; }
.dm-avatar-c3 { background: #ed4245; } .dm-avatar-c4 { background: #eb459e; } .dm-avatar-c5 { background: #747f8d; }
.dm-col-1-0 { grid-column: 1 / 13; } .dm-col-2-0 { grid-column: 1 / 7; } .dm-col-2-1 { grid-column: 7 / 13; }
.dm-col-3-0 { grid-column: 1 / 5; } .dm-col-3-1 { grid-column: 5 / 9; } .dm-col-3-2 { grid-column: 9 / 13; }
`;
