/**
 * Types of the incident desk and of what the dispatcher reports per delivery: the report with its action, the
 * incident hook's event, and the two ways the desk reaches Discord (post, edit).
 */
import type { PostedMessage } from "../delivery/lane.js";
import type { DeliveryReport } from "../delivery/types.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import type { DispatcherError } from "../errors.js";
import type { WebhookRecord } from "../types.js";
import type { IncidentPolicy, IncidentSignal, SilenceTarget } from "./types.js";
import type { IncidentState } from "./port.js";

/**
 * What happened to one delivery in Discord: a new message (`posted`), an edit of the problem's message (`edited`),
 * a new message that replaces the tracked one (`reposted`: a reminder, a change that matters more, or an edit
 * Discord refused), nothing because a newer state of the same problem replaced it or it repeated a resolve
 * (`suppressed`), or nothing because a silence matched (`silenced`).
 */
export type DeliveryAction = "posted" | "edited" | "reposted" | "suppressed" | "silenced";

/** What `hooks.onIncident` receives for every delivery of a problem. Token-free. */
export interface IncidentEvent {
  webhook: { id: string; name: string };
  key: string;
  action: DeliveryAction;
  /** The problem's state after this event (`undefined` when silenced). */
  status?: "firing" | "resolved";
  count?: number;
  messageId?: string;
}

/** A delivery as the dispatcher reports it: the engine's report, with what happened in Discord. */
export type IncidentReport = Omit<DeliveryReport, "status"> & {
  /** `skipped`: nothing was sent on purpose (`action` `silenced` or `suppressed`); neither sent nor failed. */
  status: DeliveryReport["status"] | "skipped";
  /** What happened in Discord (absent on a failure). */
  action?: DeliveryAction;
};

/**
 * Rewrites the problem's embed in a message the dispatcher posted (through the webhook's lane and budgets).
 * `embeds[0]` replaces the embed marked `mark` (`embedMark`); in a message of its own (`packed: false`), `embeds`
 * replace the message's embeds. `packed` unknown: the message is read first. Resolves with whether the message holds
 * other embeds, or `gone: true` when Discord can no longer edit it (10008 deleted, 30046 too many edits of an old
 * message) or the marked embed is no longer in it: the desk then posts a new message and tracks that one. `shows`:
 * `embedMark(embeds[0])` when the caller has it already (else the editor computes it).
 */
export type MessageEditor = (
  record: WebhookRecord,
  messageId: string,
  edit: { embeds: DiscordEmbed[]; threadId?: string; mark?: string; packed?: boolean; shows?: string },
) => Promise<{ ok: true; packed: boolean } | { ok: false; gone: true; error?: DispatcherError } | { ok: false; gone: false; error: DispatcherError }>;

/** The incident desk's editor (packed.ts), and what it is told of the messages this process's lanes post. */
export interface PackedEditor {
  edit: MessageEditor;
  /**
   * A message this process posted, with every embed it holds in order (the engine's `onPosted`): its first edit
   * starts from these embeds instead of reading the message, while no lock was taken on it and the post is recent.
   */
  posted: (post: Pick<PostedMessage, "messageId" | "embeds">) => void;
}

/**
 * Posts embeds to one webhook as a routed delivery. `solo`: in a message of their own (test messages); `urgent`:
 * it fires or resolves `problem`, so it goes ahead of routine deliveries waiting in the lane.
 */
export type Poster = (embeds: readonly DiscordEmbed[], how: Readonly<{ solo: boolean; urgent: boolean; problem?: string }>) => Promise<DeliveryReport>;

/** What the desk needs. */
export interface IncidentDeskOptions {
  state: IncidentState;
  /** `undefined`: incidents are off (silences still apply). */
  policy: IncidentPolicy | undefined;
  edit: MessageEditor | undefined;
  /** Epoch milliseconds. */
  now: () => number;
  onIncident?: (event: IncidentEvent) => void;
}

/** One delivery handed to the desk. */
export interface DeskDelivery {
  record: WebhookRecord;
  target: SilenceTarget;
  signal: IncidentSignal | undefined;
  embeds: readonly DiscordEmbed[];
  threadId: string | undefined;
  post: Poster;
}
