/**
 * Claims that keep processes sharing an incident state from posting one problem twice. Before a process posts a
 * problem's new tracked message (a first post, a reminder, a repost), it writes a claim by compare-and-set: the
 * record as it will be, still pointing at the previous message (or `""`), with `pendingUntil`. Of two processes that
 * read the same version, one claims and posts; the other reads the claim and waits for the message, then edits it.
 * A claim whose post failed is given back at once; one whose process died lapses after {@link CLAIM_MS}. Times here
 * are real time (`Date.now()`): a claim is about live processes, not about the events' clock.
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { NextRecord } from "./decide.js";
import type { IncidentRecord } from "./types.js";
import type { IncidentState } from "./port.js";

/** How long a claim holds without its post coming back: a post waits its lane's turn and Discord's limits. */
export const CLAIM_MS = 30_000;
/** How often a process waiting for another's claim reads the record again. */
const CLAIM_POLL_MS = 25;

/** A problem as read: its tracked record (none while no message is known) and the version a write must replace. */
export interface Problem {
  current: IncidentRecord | undefined;
  version: number | undefined;
}

/** Reads a problem, waiting while another process holds a live claim on it (it is posting the message). */
export async function readProblem(state: IncidentState, webhookId: string, key: string): Promise<Problem> {
  for (;;) {
    const stored = await state.get(webhookId, key);
    if (stored === undefined) return { current: undefined, version: undefined };
    if (stored.pendingUntil !== undefined) {
      if (stored.pendingUntil > Date.now()) {
        await new Promise((r) => setTimeout(r, CLAIM_POLL_MS));
        continue;
      }
      // The read is the reader's own copy (the port's contract): the lapsed claim's time is dropped from it.
      delete stored.pendingUntil;
    }
    return { current: stored.messageId === "" ? undefined : stored, version: stored.version };
  }
}

/** What a claim needs: where it is stored, what it replaces, and the record it announces. */
export interface ClaimTarget {
  state: IncidentState;
  webhookId: string;
  key: string;
  ttlMs: number;
  /** `repeatIntervalMs`: an open problem's reminder is due this long after its message was posted. */
  remindEveryMs: number;
}

/** When the reminder of a problem in `status` whose message was posted at `postedAt` is due (none once resolved). */
export const remindAt = (status: IncidentRecord["status"], postedAt: number, remindEveryMs: number): { remindAt?: number } =>
  status === "firing" ? { remindAt: postedAt + remindEveryMs } : {};

/**
 * Claims the right to post `next` over `from`; `undefined` when another process wrote first (read again). `embed`
 * is the problem's own embed to keep for reminders (default: the one kept).
 */
export async function claimPost(t: ClaimTarget, from: Problem, next: NextRecord, at: number, embed: DiscordEmbed | undefined): Promise<IncidentRecord | undefined> {
  const prev = from.current;
  const kept = embed ?? prev?.embed;
  const claim: IncidentRecord = {
    ...next,
    ...(kept !== undefined && { embed: kept }),
    version: (from.version ?? 0) + 1,
    messageId: prev?.messageId ?? "",
    postedAt: prev?.postedAt ?? at,
    ...(prev?.threadId !== undefined && { threadId: prev.threadId }),
    ...(prev?.mark !== undefined && { mark: prev.mark }),
    ...(prev?.packed !== undefined && { packed: prev.packed }),
    pendingUntil: Date.now() + CLAIM_MS,
  };
  // A failing state counts as a lost race: the caller retries, then posts untracked.
  return (await t.state.put(t.webhookId, t.key, claim, from.version, t.ttlMs).catch(() => false)) ? claim : undefined;
}

/** Ends a claim: the posted message becomes the tracked one, or (no message) the claim is given back. */
export async function settleClaim(t: ClaimTarget, claim: IncidentRecord, posted: { messageId: string; postedAt: number; threadId?: string | undefined; mark: string } | undefined): Promise<void> {
  const { threadId, mark, packed, ...rest } = claim;
  delete rest.pendingUntil;
  delete rest.remindAt;
  const version = claim.version + 1;
  // Given back: the previous message (if any) stays tracked, its reminder due as before (a failed reminder is tried
  // again). Posted: the new message, whose sharing is not known yet; its reminder counts from now.
  const record: IncidentRecord =
    posted === undefined
      ? { ...rest, version, ...(threadId !== undefined && { threadId }), ...(mark !== undefined && { mark }), ...(packed !== undefined && { packed }), ...(rest.messageId !== "" && remindAt(rest.status, rest.postedAt, t.remindEveryMs)) }
      : { ...rest, version, messageId: posted.messageId, postedAt: posted.postedAt, mark: posted.mark, ...(posted.threadId !== undefined && { threadId: posted.threadId }), ...remindAt(rest.status, posted.postedAt, t.remindEveryMs) };
  // Lost: the claim lapsed and another process took the problem over; its record stays. Failing: it lapses.
  await t.state.put(t.webhookId, t.key, record, claim.version, t.ttlMs).catch(() => false);
}

/**
 * The versions of a message's lock around one turn: `found` before this turn took it (`undefined`: none, or it
 * expired), `freed` once this turn gives it back. A turn that finds the version an earlier turn of this process freed
 * at knows nobody wrote the message in between.
 */
export interface LockTurn {
  found: number | undefined;
  freed: number;
}

/** Longest one edit turn of a shared message may hold its lock (a read and a write, waiting out Discord's limits). */
export const MESSAGE_LOCK_MS = 15_000;
/** Keys of message locks; a problem key must not start with it. */
export const MESSAGE_LOCK_PREFIX = "#message-lock:";

/**
 * Runs `work` (a read and a write of one message several problems share) while holding the message's lock in the
 * incident state, so that processes sharing the state edit it in turns: a write made from an older read would put
 * back another problem's old embed. The lock is a record under {@link MESSAGE_LOCK_PREFIX} with `pendingUntil`,
 * taken and given back by compare-and-set; one left by a process that died lapses after {@link MESSAGE_LOCK_MS}.
 */
export async function withMessageLock<T>(state: IncidentState, webhookId: string, messageId: string, work: (turn: LockTurn) => Promise<T>): Promise<T> {
  const key = `${MESSAGE_LOCK_PREFIX}${messageId}`;
  const ttlMs = 4 * MESSAGE_LOCK_MS;
  let held: IncidentRecord | undefined;
  let found: number | undefined;
  while (held === undefined) {
    const current = await state.get(webhookId, key);
    if (current?.pendingUntil !== undefined && current.pendingUntil > Date.now()) {
      await new Promise((r) => setTimeout(r, CLAIM_POLL_MS));
      continue;
    }
    const lock: IncidentRecord = { version: (current?.version ?? 0) + 1, status: "firing", messageId, postedAt: 0, firstSeen: 0, lastSeen: 0, count: 0, severity: 0, label: "lock", reopens: [], pendingUntil: Date.now() + MESSAGE_LOCK_MS };
    if (await state.put(webhookId, key, lock, current?.version, ttlMs)) {
      held = lock;
      found = current?.version;
    }
  }
  try {
    return await work({ found, freed: held.version + 1 });
  } finally {
    const free: IncidentRecord = { ...held, version: held.version + 1 };
    delete free.pendingUntil;
    await state.put(webhookId, key, free, held.version, ttlMs).catch(() => false);
  }
}
