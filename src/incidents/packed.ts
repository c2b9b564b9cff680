/**
 * Editing a problem's embed in a message it may share with other embeds. A problem's first post is packed like any
 * delivery (up to 10 embeds in one message), and Discord's edit replaces a message's embeds as a whole: so an edit of
 * a shared message reads the message (`GET`), replaces the problem's own embed (found by its mark) and writes every
 * embed back, the others as they are now. A message known to hold the problem's embeds alone is edited without the
 * read. Edits of one message take turns in this process, so two problems sharing it never overwrite each other here.
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { MessageChange, MessageChangeAnswer } from "../delivery/message-change.js";
import type { DispatcherError } from "../errors.js";
import type { WebhookRecord } from "../types.js";
import type { MessageEditor } from "./desk-types.js";

/**
 * A short mark of an embed's text (title, description, fields), as Discord gives it back verbatim: it finds the
 * problem's embed among the others of a message. Colours, timestamps and images are left out (Discord rewrites some).
 */
export function embedMark(embed: DiscordEmbed): string {
  const text = JSON.stringify([embed.title ?? "", embed.description ?? "", (embed.fields ?? []).map((f) => [f.name, f.value])]);
  // FNV-1a, 32 bits, twice with two offsets: a mark, not a security boundary.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x0100019d) >>> 0;
  }
  return `${a.toString(36)}.${b.toString(36)}`;
}

/** What Discord can no longer edit: the message is gone, or the channel's cap on edits of old messages. */
const isGone = (error: DispatcherError): boolean => error.code === "MESSAGE_GONE" || error.code === "EDIT_LIMITED";

/** The incident desk's editor over the engine's message changes (`PATCH` / `GET` through the lanes' budgets). */
export function packedEditor(change: (record: WebhookRecord, change: MessageChange) => Promise<MessageChangeAnswer>): MessageEditor {
  const turns = new Map<string, Promise<unknown>>();
  const inTurn = <T>(messageId: string, work: () => Promise<T>): Promise<T> => {
    const run = (turns.get(messageId) ?? Promise.resolve()).then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    turns.set(messageId, settled);
    void settled.then(() => {
      if (turns.get(messageId) === settled) turns.delete(messageId);
    });
    return run;
  };
  const failed = (error: DispatcherError) => (isGone(error) ? { ok: false as const, gone: true as const, error } : { ok: false as const, gone: false as const, error });

  return (record, messageId, { embeds, threadId, mark, packed }) =>
    inTurn(messageId, async () => {
      const write = async (all: DiscordEmbed[], shared: boolean) => {
        const answer = await change(record, { method: "PATCH", messageId, threadId, body: { embeds: all } });
        return answer.ok ? { ok: true as const, packed: shared } : failed(answer.error);
      };
      if (packed === false || mark === undefined) return write(embeds, false);
      const read = await change(record, { method: "GET", messageId, threadId });
      if (!read.ok) return failed(read.error);
      const current = Array.isArray(read.body?.embeds) ? (read.body.embeds as DiscordEmbed[]) : [];
      const at = current.findIndex((e) => embedMark(e) === mark);
      // Someone rewrote the message without the problem's embed: it is no longer there to edit.
      if (at < 0) return { ok: false as const, gone: true as const };
      const mine = embeds[0];
      // The message holds this delivery's embeds alone: write them all, and skip the read from now on.
      if (current.length <= embeds.length && at === 0) return write(embeds, false);
      return write(mine === undefined ? current : current.map((e, i) => (i === at ? mine : e)), true);
    });
}
