/**
 * The lane queue port (part of the delivery state, src/delivery/state.ts): the jobs waiting per lane and who runs a
 * lane when; and one queued job (an embed waiting in a lane), the message options and files it carries in Discord's
 * wire names, and the delivery-log tag it brings along. Plain JSON throughout (never a URL or token), so a shared
 * state can keep jobs in Redis or PostgreSQL. Its cases are pinned by `runDeliveryStateConformance`.
 */
import type { AllowedMentions, DiscordComponents, DiscordEmbed } from "../discord/schemas.js";
import type { LaneRunner } from "./state-leases.js";

/**
 * The lane queue: embeds waiting per lane (lane = the webhook's store id), oldest first, and the scheduling that hands
 * a lane with work to one runner at a time (its lease), here or in another process sharing the state.
 *
 * Contract:
 * - `push` MUST be atomic: all `jobs` (of one lane and one delivery) are appended, in order, or none. It gives `false`
 *   and stores nothing when the lane would then hold more than `capacity` jobs. It registers the delivery, whose
 *   outcome settles once every pushed job is settled. It MAY reject (state unreachable): the caller reports that; a
 *   `StoreError` with code `ENQUEUE_UNCERTAIN` says the jobs may have been queued all the same. With an
 *   `idempotencyKey` already pushed to this lane (and whose delivery is still known), a state MAY store nothing and
 *   give `{ duplicateOf }`, the id of that first delivery; the in-memory state ignores keys.
 * - Per lane, `head` MUST return jobs in push order. `remove` of unknown ids is a no-op.
 * - After `serve(runner)`, the state MUST call `runner` for a lane that holds jobs, and MUST NOT run two runners for
 *   one lane at once (across every process sharing the state). The lease ends when the runner's promise settles.
 *   A run that answers `{ idle: false, retryInMs }` MUST be run again after about `retryInMs`; work pushed while a
 *   runner runs or waits MUST lead to another run (no lost wake-ups). `close()` stops handing out lanes; it resolves
 *   once no runner of this process runs.
 */
export interface LaneQueue {
  /** Appends one delivery's jobs to a lane when it then holds at most `capacity` jobs. */
  push(laneId: string, jobs: readonly QueuedEmbed[], capacity: number, idempotencyKey?: string): Promise<boolean | { duplicateOf: string }>;
  /** The first `limit` jobs of the lane, oldest first, without removing them. */
  head(laneId: string, limit: number): Promise<QueuedEmbed[]>;
  /** Removes settled jobs from the lane. */
  remove(laneId: string, ids: readonly string[]): Promise<void>;
  /** Removes and returns every job of the lane (the webhook was disabled, or the dispatcher gave up at close). */
  drain(laneId: string): Promise<QueuedEmbed[]>;
  /** Starts handing lanes with work to `runner`, one lease per lane. Called once. */
  serve(runner: LaneRunner): void;
  /** Stops handing out lanes; resolves when this process's runners have returned. */
  close(): Promise<void>;
}

/**
 * Message-level options of one delivery, in Discord's wire names. Queued embeds are packed together only when
 * these are identical, so two events never share a message with a different username, avatar, thread or content.
 */
export interface WireMessageOptions {
  username?: string;
  avatar_url?: string;
  /** Thread to post into; overrides a `thread_id` carried by the stored URL. */
  thread_id?: string;
  content?: string;
  allowed_mentions: AllowedMentions;
  /** SUPPRESS_NOTIFICATIONS (4096) for a silent message. */
  flags?: number;
  /** Name of a new forum / media post (then `thread_id` is not sent). */
  thread_name?: string;
  /** The forum's tag ids for a new post (at most 5). */
  applied_tags?: string[];
  /** Action rows of link buttons; sent with `?with_components=true`. */
  components?: DiscordComponents;
  /**
   * Files of the message (read once when the call was made; data in base64, so jobs stay plain JSON). Only the
   * delivery's first job carries them: a delivery split over two messages attaches them to the first.
   */
  files?: WireFile[];
}

/** A file as a queued job keeps it. */
export interface WireFile {
  name: string;
  contentType: string;
  description?: string;
  /** The bytes in base64. */
  data: string;
}

/** One embed waiting in a lane. JSON-serialisable; never a URL or token. */
export interface QueuedEmbed {
  /** Unique id of this job. */
  id: string;
  /** The lane: the webhook's store id. */
  laneId: string;
  /** The delivery (one event for one webhook) this embed belongs to. */
  deliveryId: string;
  embed: DiscordEmbed;
  /** Only embeds with equal options share a message. */
  message: WireMessageOptions;
  /** Never packed with other deliveries' embeds (test messages). */
  solo: boolean;
  /**
   * It fires or resolves a problem: `push` MUST place it ahead of the routine jobs waiting in the lane, behind every
   * urgent job and every job of the same `problem` already waiting (src/delivery/priority.ts).
   */
  urgent?: boolean;
  /** The incident key it belongs to: an urgent job never overtakes a job of its own problem. */
  problem?: string;
  /** W3C trace context of the delivery (set by instrumentation), so the process that sends joins its trace. */
  traceparent?: string;
  /** The delivery-log entry this delivery becomes once settled, written by whichever process settles it. */
  log?: LogTag;
}

/**
 * What the process that settles a delivery needs to log it, chosen by the process that queued it: the entry's id
 * (so the caller knows it at once), the event family, the webhook's type, when it was queued (epoch ms) and the
 * entry it re-sends, if any. JSON-serialisable; no token.
 */
export interface LogTag {
  entryId: string;
  family: string;
  type: string;
  queuedAt: number;
  resendOf?: string;
}
