/**
 * The message renderer: one Discord message (content and embeds) as HTML, as Discord's client shows it. Used by
 * the drop-in panel (previews, the delivery log) and the testing inbox; exported for snapshot tests.
 * @packageDocumentation
 */
export { renderMessageHtml } from "./render.js";
export type { RenderableMessage, RenderMessageOptions } from "./render.js";
export type { RenderAttachment, RenderEdit } from "./render-parts.js";
export { MESSAGE_CSS } from "./styles.js";
