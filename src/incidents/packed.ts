/**
 * Editing a problem's embed in a message it may share with other embeds. A problem's first post is packed like any
 * delivery (up to 10 embeds a message), and an edit replaces a message's embeds as a whole: so an edit of a shared
 * message reads it (`GET`), replaces the problem's embed (found by its mark) and writes all back. A message known to
 * hold the problem's embeds alone is edited without the read. Edits of one message take turns, so two problems
 * sharing it never overwrite each other, and problems of one message changing together are one read and one write.
 * What this process last wrote or posted to a message is kept: it is read again only when another process took the
 * message's lock since (or the lock expired; a post: or it is older than {@link POSTED_KEPT_MS}).
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { MessageChange, MessageChangeAnswer } from "../delivery/message-change.js";
import type { DispatcherError } from "../errors.js";
import type { WebhookRecord } from "../types.js";
import { MESSAGE_LOCK_MS, withMessageLock, type LockTurn } from "./claim.js";
import { embedMark } from "./mark.js";
import type { MessageEditor, PackedEditor } from "./desk-types.js";
import type { IncidentState } from "./port.js";

/** What Discord can no longer edit: the message is gone, or the cap on edits of old messages. */
const isGone = (error: DispatcherError): boolean => error.code === "MESSAGE_GONE" || error.code === "EDIT_LIMITED";

/** One problem's edit waiting for its message's turn. */
interface Waiting {
  record: WebhookRecord;
  embeds: DiscordEmbed[];
  threadId: string | undefined;
  mark: string | undefined;
  /** `embedMark(embeds[0])`, when the caller gave it. */
  shows: string | undefined;
  packed: boolean | undefined;
  resolve: (answer: EditAnswer) => void;
}

type EditAnswer = Awaited<ReturnType<MessageEditor>>;
/** Shared messages whose last write or post a process keeps (older ones are read again before their next edit). */
const WRITTEN_KEPT = 1000;
/** How long a post is trusted: a lock taken since would still be in the state (it lives `4 * MESSAGE_LOCK_MS`). */
export const POSTED_KEPT_MS = 2 * MESSAGE_LOCK_MS;
/** Writes `all` as the message's embeds and answers the edits `to`; resolves whether Discord took it. */
type Write = (all: DiscordEmbed[], shared: boolean, to: readonly Waiting[]) => Promise<boolean>;

/** A message as this process last wrote (`freed`: the lock version its turn freed) or posted it (trusted `until`). */
interface Kept {
  embeds: DiscordEmbed[];
  marks: string[] | undefined;
  freed: number | undefined;
  until: number | undefined;
}

/**
 * The incident desk's editor over the engine's message changes (`PATCH` / `GET` through the lanes' budgets), as the
 * file's head says. A read and write of a shared message holds its lock in `state` (claim.ts): processes take turns.
 * `now` gives epoch milliseconds (the clock the state's expiries follow).
 */
export function packedEditor(state: IncidentState, change: (record: WebhookRecord, change: MessageChange) => Promise<MessageChangeAnswer>, now: () => number = Date.now): PackedEditor {
  const waiting = new Map<string, Waiting[]>();
  /** The {@link WRITTEN_KEPT} messages written or posted last (a Map keeps insertion order; a turn re-inserts). */
  const written = new Map<string, Kept>();
  const keep = (messageId: string, kept: Kept): void => {
    written.set(messageId, kept);
    for (const oldest of written.keys()) {
      if (written.size <= WRITTEN_KEPT) break;
      written.delete(oldest);
    }
  };
  const failed = (error: DispatcherError): EditAnswer => (isGone(error) ? { ok: false, gone: true, error } : { ok: false, gone: false, error });

  /** One turn: the waiting edits of `messageId`, written together. */
  const turn = async (messageId: string, batch: Waiting[]): Promise<void> => {
    const first = batch[0];
    if (first === undefined) return;
    const { record, threadId } = first;
    const write: Write = async (all, shared, to) => {
      const answer = await change(record, { method: "PATCH", messageId, threadId, body: { embeds: all } });
      for (const w of to) w.resolve(answer.ok ? { ok: true, packed: shared } : failed(answer.error));
      return answer.ok;
    };
    if (batch.length === 1 && (first.packed === false || first.mark === undefined)) {
      await write(first.embeds, false, batch);
      return;
    }
    return withMessageLock(state, record.id, messageId, (lock) => rewrite(messageId, batch, write, lock));
  };

  /** A turn over a message that may be shared: read it, put each problem's embed in its place, write it back. */
  const rewrite = async (messageId: string, batch: Waiting[], write: Write, lock: LockTurn): Promise<void> => {
    const first = batch[0];
    if (first === undefined) return;
    const { record, threadId } = first;
    const mine = written.get(messageId);
    written.delete(messageId);
    let current: DiscordEmbed[];
    // Each embed's mark once (not once per waiter), kept in step as embeds are replaced.
    let marks: string[];
    if (mine !== undefined && lock.found === mine.freed && (mine.until === undefined || now() < mine.until)) {
      current = [...mine.embeds];
      marks = mine.marks === undefined ? current.map(embedMark) : [...mine.marks];
    } else {
      const read = await change(record, { method: "GET", messageId, threadId });
      if (!read.ok) {
        for (const w of batch) w.resolve(failed(read.error));
        return;
      }
      current = Array.isArray(read.body?.embeds) ? [...(read.body.embeds as DiscordEmbed[])] : [];
      marks = current.map(embedMark);
    }
    const placed: Waiting[] = [];
    for (const w of batch) {
      const at = w.mark === undefined ? -1 : marks.indexOf(w.mark);
      const mine = w.embeds[0];
      // Someone rewrote the message without the problem's embed: it is no longer there to edit.
      if (at < 0 || mine === undefined) w.resolve({ ok: false, gone: true });
      else {
        current[at] = mine;
        marks[at] = w.shows ?? embedMark(mine);
        placed.push(w);
      }
    }
    if (placed.length === 0) return;
    // The message holds one delivery's embeds alone (the one just placed first): write them, and skip reads from now on.
    const only = placed.length === 1 ? placed[0] : undefined;
    if (only !== undefined && current.length <= only.embeds.length && current[0] === only.embeds[0]) {
      await write(only.embeds, false, placed);
      return;
    }
    if (!(await write(current, true, placed))) return;
    keep(messageId, { embeds: current, marks, freed: lock.freed, until: undefined });
  };

  const drain = async (messageId: string): Promise<void> => {
    for (let batch = waiting.get(messageId); batch !== undefined && batch.length > 0; batch = waiting.get(messageId)) {
      // Edits that arrive during this turn wait for the next one, together.
      waiting.set(messageId, []);
      // `change` and the message lock reject only when the state fails (a StoreError).
      await turn(messageId, batch).catch((error: unknown) => {
        for (const w of batch) w.resolve({ ok: false, gone: false, error: error as DispatcherError });
      });
    }
    waiting.delete(messageId);
  };

  const edit: MessageEditor = (record, messageId, { embeds, threadId, mark, packed, shows }) =>
    new Promise<EditAnswer>((resolve) => {
      const queued = waiting.get(messageId);
      const w: Waiting = { record, embeds, threadId, mark, packed, shows, resolve };
      if (queued !== undefined) {
        queued.push(w);
        return;
      }
      waiting.set(messageId, [w]);
      // The edits of other problems of this message that arrive in this turn of the event loop join the first write.
      setImmediate(() => void drain(messageId));
    });
  const posted: PackedEditor["posted"] = ({ messageId, embeds }) => {
    keep(messageId, { embeds, marks: undefined, freed: undefined, until: now() + POSTED_KEPT_MS });
  };
  return { edit, posted };
}
