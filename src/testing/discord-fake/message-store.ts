/**
 * The messages the fake keeps: creating one from an accepted request (attachments, kept components, forum post),
 * finding one for Get / Edit / Delete Webhook Message, and the message object Discord answers with.
 */
import { makeSnowflake } from "./ids.js";
import type { ReceivedFile } from "./payload.js";
import type { FakeState } from "./state.js";
import type { FakeAttachment, FakeMessage, FakeWebhook } from "./types.js";
import { isRecord } from "./form-errors.js";

/** What an accepted Execute Webhook request leaves. */
export interface NewMessage {
  body: Record<string, unknown>;
  /** The thread it goes to, or the post it creates (`newPost`). */
  threadId: string | null;
  /** Set when the message opens a forum post: its title and tags. */
  newPost: { name: string; tags: string[] } | null;
  files: ReceivedFile[];
  withComponents: boolean;
  wait: boolean;
}

/** Records an accepted message (and the forum post it opens), tells the inbox, and returns it. */
export function storeMessage(state: FakeState, webhook: FakeWebhook, input: NewMessage): FakeMessage {
  const id = makeSnowflake();
  const receivedAt = new Date();
  // A forum post's thread has the id of its first message, as at Discord.
  const threadId = input.newPost ? id : input.threadId;
  if (input.newPost) {
    state.forumPosts.set(id, { id, channelId: webhook.channelId, name: input.newPost.name.trim(), tags: input.newPost.tags, createdAt: receivedAt });
  }
  const message: FakeMessage = {
    id,
    webhookId: webhook.id,
    channelId: webhook.channelId,
    threadId,
    body: input.body,
    flags: typeof input.body.flags === "number" ? input.body.flags : 0,
    components: keptComponents(input.body, input.withComponents),
    attachments: attachmentsOf(input.files, input.body),
    edits: [],
    deletedAt: null,
    wait: input.wait,
    receivedAt,
  };
  state.messages.push(message);
  state.stats.delivered += 1;
  state.onEvent?.({ kind: "message", message, webhook });
  return message;
}

/** The components Discord keeps: none without `?with_components=true` (it drops them silently then). */
export function keptComponents(body: Record<string, unknown>, withComponents: boolean): unknown[] {
  return withComponents && Array.isArray(body.components) ? structuredClone(body.components) : [];
}

/** Attachments for received files, with the descriptions `payload_json.attachments` gives by file index. */
export function attachmentsOf(files: readonly ReceivedFile[], body: Record<string, unknown>): FakeAttachment[] {
  const described = Array.isArray(body.attachments) ? body.attachments.filter(isRecord) : [];
  return files.map((f) => {
    const d = described.find((a) => String(a.id) === String(f.index))?.description;
    return {
      id: makeSnowflake(),
      filename: f.filename,
      description: typeof d === "string" ? d : null,
      contentType: f.contentType,
      size: f.data.byteLength,
      data: f.data,
    };
  });
}

/**
 * The message a Get / Edit / Delete Webhook Message route names, or `undefined` (404 code 10008): unknown, deleted,
 * sent by another webhook, or in a thread other than `thread_id` (a message in a thread needs its `thread_id`).
 */
export function findMessage(state: FakeState, webhook: FakeWebhook, messageId: string, threadId: string | null): FakeMessage | undefined {
  const m = state.messages.find((x) => x.id === messageId);
  if (!m || m.deletedAt !== null || m.webhookId !== webhook.id || m.threadId !== threadId) return undefined;
  return m;
}

/** The message object Discord answers with (`?wait=true`, Get and Edit Webhook Message). */
export function messageObject(webhook: FakeWebhook, m: FakeMessage): Record<string, unknown> {
  const body = m.body;
  const username = typeof body.username === "string" ? body.username.trim() : webhook.name;
  const embeds = Array.isArray(body.embeds) ? (body.embeds as unknown[]).map((e) => ({ type: "rich", ...(e as object) })) : [];
  const channelId = m.threadId ?? m.channelId;
  const lastEdit = m.edits.at(-1);
  return {
    id: m.id,
    type: 0,
    content: typeof body.content === "string" ? body.content.trim() : "",
    channel_id: channelId,
    author: { id: webhook.id, username, avatar: null, discriminator: "0000", bot: true, global_name: null },
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      ...(a.description === null ? {} : { description: a.description }),
      ...(a.contentType === null ? {} : { content_type: a.contentType }),
      size: a.size,
      url: `https://cdn.discordapp.com/attachments/${channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
      proxy_url: `https://media.discordapp.net/attachments/${channelId}/${a.id}/${encodeURIComponent(a.filename)}`,
    })),
    embeds,
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: body.tts === true,
    timestamp: discordTime(m.receivedAt),
    edited_timestamp: lastEdit ? discordTime(lastEdit.at) : null,
    flags: m.flags,
    components: m.components,
    webhook_id: webhook.id,
    ...(m.threadId ? { position: 0 } : {}),
  };
}

function discordTime(at: Date): string {
  return at.toISOString().replace("Z", "+00:00");
}
