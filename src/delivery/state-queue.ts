/**
 * The queue part of the delivery state port (src/delivery/state.ts): one queued job (an embed waiting in a lane), the
 * message options and files it carries in Discord's wire names, and the delivery-log tag it brings along. Plain JSON
 * throughout (never a URL or token), so a shared state can keep jobs in Redis or PostgreSQL.
 */
import type { AllowedMentions, DiscordComponents, DiscordEmbed } from "../discord/schemas.js";

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
