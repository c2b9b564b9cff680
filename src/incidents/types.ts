/**
 * Types of incidents: what a call says about a problem, what is kept per webhook and key, the options and the
 * silences. The port that keeps them is in port.ts.
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { WebhookType } from "../types.js";

// ---------------------------------------------------------------------------------------------------------------
// Signals: what one event says about a problem
// ---------------------------------------------------------------------------------------------------------------

/**
 * What an event does to its problem: `firing` opens it (or counts one more occurrence), `resolved` closes it,
 * `update` changes what an open problem's message shows without counting an occurrence.
 */
export type IncidentStatus = "firing" | "resolved" | "update";

/** The incident part of a call: `incident: { key?, status? }` overrides what the event family derives. */
export interface IncidentCallOptions {
  /** The problem's key (1-200 characters), e.g. `"backup:db1"`. Default: the event family's key. */
  key?: string;
  /** Default: the event family's status for this input. */
  status?: IncidentStatus;
}

/** The problem an event is about, as the event family derives it (and a call may override). */
export interface IncidentSignal {
  key: string;
  status: IncidentStatus;
  /** Higher is worse (0-3). A higher severity than the problem had is news. Default 0. */
  severity: number;
  /** How one occurrence reads in "crashed 3 times", e.g. `"crashed"`. */
  label: string;
}

// ---------------------------------------------------------------------------------------------------------------
// What is kept per webhook and key
// ---------------------------------------------------------------------------------------------------------------

/**
 * One problem of one webhook: the Discord message that shows it, and its history. Plain JSON; never a URL or token.
 * Times are epoch milliseconds.
 */
export interface IncidentRecord {
  /** Bumped by every write; the port's compare-and-set compares it. */
  version: number;
  status: "firing" | "resolved";
  /** The tracked Discord message; `""` while none is known (a claim whose post has not come back, or failed). */
  messageId: string;
  /** The thread the message is in, when it is in one. */
  threadId?: string;
  /** `embedMark` of the problem's embed as last written: how it is found in a message it shares with others. */
  mark?: string;
  /** The message holds other embeds too (packed with other deliveries); `undefined` until the first edit reads it. */
  packed?: boolean;
  /** When the tracked message was posted (reminders and "a change that matters more" count from here). */
  postedAt: number;
  /** First occurrence of this problem (kept across reopens). */
  firstSeen: number;
  /** Latest event of this problem. */
  lastSeen: number;
  /** Occurrences (firing events) since it was first seen. */
  count: number;
  /** Highest severity seen while open. */
  severity: number;
  /** How the occurrences read ("crashed"). */
  label: string;
  /** When it resolved (while resolved). */
  resolvedAt?: number;
  /** When it reopened after resolving, oldest first, at most {@link MAX_REOPENS} entries. */
  reopens: number[];
  /**
   * When a reminder of this open problem is due (the tracked message is `repeatIntervalMs` old), on the dispatcher's
   * clock; absent once resolved. The state's `due` lists problems by it.
   */
  remindAt?: number;
  /** The problem's embed as its latest event gave it (before the incident look): what a reminder shows again. */
  embed?: DiscordEmbed;
  /**
   * A process is posting this problem's new message (src/incidents/claim.ts): until this time (real epoch ms, not
   * the dispatcher's `clock`), other processes wait for that message instead of posting one of their own.
   */
  pendingUntil?: number;
}

/** Reopen times kept per problem (the flap history). */
export const MAX_REOPENS = 20;

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

/** The `incidents` option of `createDispatcher`. Without it every event posts a message of its own. */
export interface IncidentOptions {
  /** A problem still open is posted again as a reminder at most this often. Default 4 h. */
  repeatIntervalMs?: number;
  /** A problem that fires again this soon after it resolved reopens its message. Default 15 min. */
  reopenWithinMs?: number;
  /** `"edit"`: the message turns green; `"edit-and-post"`: plus a short new post. Default `"edit"`. */
  onResolve?: "edit" | "edit-and-post";
  /** How long a problem's state is kept after its last event. Default 7 days. */
  ttlMs?: number;
}

/** {@link IncidentOptions} with every default filled in. */
export type IncidentPolicy = Required<IncidentOptions>;

/** Defaults of {@link IncidentOptions}. */
export const INCIDENT_DEFAULTS: IncidentPolicy = {
  repeatIntervalMs: 4 * 60 * 60_000,
  reopenWithinMs: 15 * 60_000,
  onResolve: "edit",
  ttlMs: 7 * 24 * 60 * 60_000,
};

/**
 * A change that matters more (a first reopen, a higher severity) is a new post when the tracked message is older
 * than this, so it still notifies; younger messages are edited.
 */
export const NOTIFY_AFTER_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Silences
// ---------------------------------------------------------------------------------------------------------------

/** What `silence()` matches: exactly one of a key, a webhook type, a user id or a webhook's store id. */
export type SilenceMatcher = { key: string } | { type: WebhookType } | { userId: string } | { webhookId: string };

/** The argument of `dispatcher.silence()`: a matcher and how long it lasts. */
export type SilenceInput = SilenceMatcher & {
  /** How long deliveries matching it are not sent (1 ms to about 24.8 days). */
  forMs: number;
};

/** A silence as `silence()` and `listSilences()` return it. Times are epoch milliseconds. */
export type Silence = SilenceMatcher & {
  /** Pass to `unsilence()`. */
  id: string;
  createdAt: number;
  /** After this it no longer matches and is dropped on its own. */
  endsAt: number;
};

/** What a delivery is matched against. */
export interface SilenceTarget {
  key?: string;
  type: WebhookType;
  userId?: string | null;
  webhookId: string;
}
