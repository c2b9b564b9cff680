/**
 * The incident transition: given what is kept about a problem and a new event of it, what Discord should show.
 * Pure: no clock, no I/O. The dispatcher carries the decision out and stores `next` with the message it used.
 */
import { MAX_REOPENS, NOTIFY_AFTER_MS, type IncidentPolicy, type IncidentRecord, type IncidentSignal } from "./types.js";

/** The record's fields a decision sets; the message (id, thread, postedAt) is filled in once it is known. */
export type NextRecord = Omit<IncidentRecord, "version" | "messageId" | "threadId" | "postedAt" | "mark" | "packed" | "pendingUntil" | "remindAt" | "embed">;

/**
 * What to do with one event of a problem:
 * - `post`: a new message that becomes the tracked one (`action` `posted` for a new problem, `reposted` for a
 *   reminder, a change that matters more, or a first reopen of an old message);
 * - `edit`: rewrite the tracked message; with `announce`, also a short post saying it resolved (`edit-and-post`);
 * - `plain`: post as without incidents and track nothing (an update or a resolve of a problem not open here);
 * - `suppress`: send nothing (a resolve of a problem already resolved).
 */
export type IncidentDecision =
  | { send: "post"; action: "posted" | "reposted"; next: NextRecord }
  | { send: "edit"; next: NextRecord; announce: boolean }
  | { send: "plain" }
  | { send: "suppress" };

/**
 * Decides the transition of `record` (`undefined`: none kept, or expired) on `signal` at `now` (epoch ms).
 *
 * - Firing, nothing open and no reopen in reach: a new message.
 * - Firing while open: an edit (count + 1, last seen), unless the tracked message is `repeatIntervalMs` old (a
 *   reminder post) or the severity rose and the message is older than {@link NOTIFY_AFTER_MS} (a new post).
 * - Firing within `reopenWithinMs` of resolving: the same message reopens (flapping), except the first reopen of a
 *   message older than {@link NOTIFY_AFTER_MS}, which is a new post so the change still notifies.
 * - Resolved while open: an edit to the resolved look (plus a short post with `onResolve: "edit-and-post"`).
 * - Update while open: an edit showing the latest state, no occurrence counted.
 */
export function decideIncident(record: IncidentRecord | undefined, signal: IncidentSignal, now: number, policy: IncidentPolicy): IncidentDecision {
  if (signal.status === "update") {
    if (record?.status !== "firing") return { send: "plain" };
    return { send: "edit", announce: false, next: { ...carry(record), lastSeen: now } };
  }
  if (signal.status === "resolved") {
    if (record === undefined) return { send: "plain" };
    if (record.status === "resolved") return { send: "suppress" };
    return { send: "edit", announce: policy.onResolve === "edit-and-post", next: { ...carry(record), status: "resolved", lastSeen: now, resolvedAt: now } };
  }
  // A first sighting (built only when it is one).
  const fresh = (): NextRecord => ({ status: "firing", firstSeen: now, lastSeen: now, count: 1, severity: signal.severity, label: signal.label, reopens: [] });
  if (record === undefined) return { send: "post", action: "posted", next: fresh() };
  const age = now - record.postedAt;
  if (record.status === "resolved") {
    if (now - (record.resolvedAt ?? record.lastSeen) > policy.reopenWithinMs) return { send: "post", action: "posted", next: fresh() };
    // Built whole, not carried and then `delete`d: a deleted key turns the record (and each copy of it) slow to read.
    const next: NextRecord = { status: "firing", firstSeen: record.firstSeen, lastSeen: now, count: record.count + 1, severity: signal.severity, label: signal.label, reopens: [...record.reopens, now].slice(-MAX_REOPENS) };
    const firstReopen = record.reopens.length === 0;
    return firstReopen && age > NOTIFY_AFTER_MS ? { send: "post", action: "reposted", next } : { send: "edit", announce: false, next };
  }
  const next: NextRecord = { ...carry(record), lastSeen: now, count: record.count + 1, severity: Math.max(record.severity, signal.severity), label: signal.label };
  const worse = signal.severity > record.severity && age > NOTIFY_AFTER_MS;
  return age >= policy.repeatIntervalMs || worse ? { send: "post", action: "reposted", next } : { send: "edit", announce: false, next };
}

/**
 * A reminder of `record` at `now` (no event came): a new post that becomes the tracked message when the problem is
 * still open and its message is `repeatIntervalMs` old; else nothing (it resolved, or another process reminded).
 * A reminder counts no occurrence.
 */
export function decideReminder(record: IncidentRecord | undefined, now: number, policy: IncidentPolicy): { send: "post"; action: "reposted"; next: NextRecord } | { send: "none" } {
  if (record?.status !== "firing" || now - record.postedAt < policy.repeatIntervalMs) return { send: "none" };
  return { send: "post", action: "reposted", next: carry(record) };
}

/** The problem's history without the message it was shown in. */
function carry(record: IncidentRecord): NextRecord {
  const next: NextRecord = { status: record.status, firstSeen: record.firstSeen, lastSeen: record.lastSeen, count: record.count, severity: record.severity, label: record.label, reopens: [...record.reopens] };
  if (record.resolvedAt !== undefined) next.resolvedAt = record.resolvedAt;
  return next;
}
