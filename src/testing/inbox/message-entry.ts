/**
 * A message's entry in the inbox timeline: the feed's view of it and its markup (as edited, hidden once deleted,
 * or as a forum post with its title and tags).
 */
import type { FakeForumPost, FakeMessage, FakeWebhook } from "../discord-fake/types.js";
import { escapeHtml, str } from "../../render/escape.js";
import { renderMessageHtml } from "../../render/render.js";
import type { InboxStateMessage } from "./state.js";

/** The feed's view of a message: its body now, and when it was last edited or deleted. */
export function feedMessage(m: FakeMessage): InboxStateMessage {
  const editedAt = m.edits.at(-1)?.at;
  return {
    id: m.id,
    threadId: m.threadId,
    body: m.body,
    receivedAt: m.receivedAt.toISOString(),
    ...(editedAt ? { editedAt: editedAt.toISOString() } : {}),
    ...(m.deletedAt ? { deletedAt: m.deletedAt.toISOString() } : {}),
  };
}

/**
 * A message's entry. A deleted one stays as an empty, hidden element (pages that showed it remove it). The first
 * message of a forum post carries the post's title and tags and a box the page puts the post's later messages in.
 */
export function messageHtml(m: FakeMessage, webhook: FakeWebhook, names: { name: string; channel: string } | null, post: FakeForumPost | undefined): string {
  const id = `data-message-id="${escapeHtml(m.id)}"`;
  if (m.deletedAt) return `<div class="dm-entry dm-deleted" data-kind="message" ${id} hidden></div>`;
  const attachments = m.attachments.map((a) => ({ filename: a.filename, size: a.size, contentType: a.contentType, url: `/inbox/attachments/${a.id}` }));
  const html = renderMessageHtml(m, { defaultUsername: webhook.name, attachments });
  // Discord shows a run of messages by one sender under one header; the page groups by this key.
  const sender = [m.webhookId, m.threadId ?? "", str(m.body.username).trim() || webhook.name, str(m.body.avatar_url)].join("\n");
  const attrs = `${id} data-group="${escapeHtml(sender)}" data-at="${String(m.receivedAt.getTime())}"`;
  if (post && post.id === m.id) {
    const tags = post.tags.map((t) => `<span class="dm-forum-tag">${escapeHtml(webhook.tags.find((x) => x.id === t)?.name ?? t)}</span>`);
    return (
      `<div class="dm-entry dm-forum-post" data-kind="message" data-post-root="${escapeHtml(post.id)}" ${attrs}>${where(names, null)}` +
      `<div class="dm-forum-head"><span class="dm-forum-title">${escapeHtml(post.name)}</span><span class="dm-forum-tags">${tags.join("")}</span></div>` +
      `${html}<div class="dm-post-messages"></div></div>`
    );
  }
  const inPost = post ? ` data-post="${escapeHtml(post.id)}"` : "";
  return `<div class="dm-entry" data-kind="message" ${attrs}${inPost}>${where(names, m.threadId, post?.name)}${html}</div>`;
}

/** The line above an entry: channel, webhook, and thread or forum post. */
export function where(names: { name: string; channel: string } | null, threadId: string | null, postName?: string): string {
  const parts = !names ? ["unknown webhook"] : names.channel === names.name.toLowerCase() ? [`#${names.channel}`] : [`#${names.channel}`, `via ${names.name}`];
  if (postName !== undefined) parts.push(`post "${postName}"`);
  else if (threadId) parts.push(`thread ${threadId}`);
  return `<div class="dm-entry-meta">${escapeHtml(parts.join(" · "))}</div>`;
}
