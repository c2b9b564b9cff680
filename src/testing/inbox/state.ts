/**
 * The inbox's JSON feed, `GET /inbox/state`, as a documented contract for scripts (CI checks that a deploy posted
 * what it should) and the typed reader {@link readInboxState}. See docs/inbox-feed.md.
 */
import { TransportError, ValidationError } from "../../errors.js";

/** The feed's format version; it changes only when a field below is removed or changes meaning (a major release). */
export const INBOX_STATE_VERSION = 1;

/** A webhook the fake knows, as the feed lists it. */
export interface InboxStateWebhook {
  id: string;
  name: string;
  channelId: string;
  /** The channel's label in the inbox (the fake has no channel names: its first webhook's, lower-cased). */
  channel: string;
  /** The webhook's URL with the token masked (`.../webhooks/{id}/***`). */
  url: string;
}

/** A message the fake accepted, as the feed carries it. */
export interface InboxStateMessage {
  /** The message's snowflake, as `?wait=true` answered it. */
  id: string;
  threadId: string | null;
  /** The JSON body as the client sent it (multipart: its `payload_json`). */
  body: Record<string, unknown>;
  /** ISO 8601. */
  receivedAt: string;
  /** ISO 8601 of the last edit (Edit Webhook Message); `body` is then the message as edited. Absent when never edited. */
  editedAt?: string;
  /** ISO 8601 of its deletion (Delete Webhook Message); the entry's `html` is then an empty, hidden element. */
  deletedAt?: string;
}

/** One line of the timeline, oldest first. */
export interface InboxStateEntry {
  /**
   * Increases by one per entry; pass the last one seen as `after`. A message's entry gets a new `seq` when the
   * message is edited or deleted, so it comes again (same `message.id`: replace the one you have).
   */
  seq: number;
  /** `message` (delivered), `rate-limited` (429), `fault` (injected), `invalid` (400 50035 / 50006), `refused` (other 4xx / 5xx), `read` (a GET). */
  kind: "message" | "rate-limited" | "fault" | "invalid" | "refused" | "read";
  webhookId: string | null;
  channelId: string | null;
  /** Set for `kind: "message"` only. */
  message?: InboxStateMessage;
  /** The entry as the page shows it: escaped HTML whose markup may change in any release (not part of the contract). */
  html: string;
}

/** The body of `GET /inbox/state`. */
export interface InboxState {
  version: typeof INBOX_STATE_VERSION;
  /** Changes when the fake is reset: entries from before are gone, and `after` counts from 0 again. */
  epoch: string;
  /** The `seq` of the newest entry (0 when none). */
  seq: number;
  webhooks: InboxStateWebhook[];
  /** Entries with `seq > after` (all of them when `epoch` is absent or stale); at most the newest 5,000 to 10,000. */
  entries: InboxStateEntry[];
}

/** What {@link readInboxState} asks for. */
export interface ReadInboxStateOptions {
  /** Only entries newer than this `seq`. Default 0 (all). */
  after?: number;
  /** The `epoch` that `after` belongs to; when the fake was reset since, every entry is returned. */
  epoch?: string;
  /** Give up after this many milliseconds. Default 10 000. */
  timeoutMs?: number;
}

/**
 * Reads a running fake's feed (another process: `npx discord-webhook-dispatcher fake`) with its documented types.
 * `inboxUrl` is the fake's base URL or its `inboxUrl`. Throws `TransportError` when the fake cannot be reached and
 * `ValidationError` when what answers is not a fake's feed of this version.
 *
 * @example
 * ```ts
 * const state = await readInboxState("http://127.0.0.1:8787/");
 * const posted = state.entries.filter((e) => e.kind === "message").map((e) => e.message?.body);
 * ```
 */
export async function readInboxState(inboxUrl: string, options: ReadInboxStateOptions = {}): Promise<InboxState> {
  const url = new URL("inbox/state", inboxUrl.endsWith("/") ? inboxUrl : `${inboxUrl}/`);
  if (options.after !== undefined) url.searchParams.set("after", String(options.after));
  if (options.epoch !== undefined) url.searchParams.set("epoch", options.epoch);
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (error) {
    throw new TransportError(`Could not read the fake's inbox at ${url.origin}.`, url.href, { cause: error });
  }
  const body: unknown = res.ok ? await res.json().catch(() => null) : null;
  const problem = res.ok ? shapeProblem(body) : `answered ${String(res.status)}`;
  if (problem) throw new ValidationError("inbox feed", [{ path: "", message: `${url.href} ${problem}` }]);
  return body as InboxState;
}

function shapeProblem(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return "is not JSON";
  const b = body as Record<string, unknown>;
  if (b.version !== INBOX_STATE_VERSION) return `has version ${String(b.version)}, not ${String(INBOX_STATE_VERSION)}`;
  if (typeof b.epoch !== "string" || typeof b.seq !== "number" || !Array.isArray(b.webhooks) || !Array.isArray(b.entries)) {
    return "lacks epoch, seq, webhooks or entries";
  }
  return null;
}
