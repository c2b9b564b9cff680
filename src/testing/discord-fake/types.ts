/**
 * Public types of the Discord fake: options, webhooks, faults, records and the server handle.
 */
import type { FakeDispatcherOptions } from "./dispatcher-options-type.js";
import type { FakeFault, FaultHandle, InjectOptions } from "./fault-types.js";

export type { FakeDispatcherOptions } from "./dispatcher-options-type.js";
export type { FakeFault, FaultHandle, InjectOptions } from "./fault-types.js";
export type { FakeAttachment, FakeForumPost, FakeForumTag, FakeMessage, FakeMessageEdit } from "./message-types.js";
import type { FakeForumPost, FakeForumTag, FakeMessage } from "./message-types.js";

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

/** The cap on edits of old messages (see {@link DiscordFakeOptions.oldMessageEdits}). */
export interface FakeOldMessageEdits extends FakeRateLimit {
  /** Age (Discord time) from which a message counts as old. */
  olderThanMs: number;
}

/** A fixed-window limit: at most `limit` requests per `windowMs` (in Discord time, before `timeScale`). */
export interface FakeRateLimit {
  limit: number;
  windowMs: number;
}

/** Options of {@link createDiscordFake}. Times are Discord times; `timeScale` shrinks them. */
export interface DiscordFakeOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * Hostnames the fake answers besides `127.0.0.1`, `localhost`, `[::1]` and `host` (any port), e.g.
   * `["discord-fake"]` in a Docker network; `true` answers any. A request whose `Host`, or `Origin` when sent, names
   * another host gets 403 and is not recorded: a web page cannot reach the fake or its inbox through DNS rebinding
   * or a cross-site form. Default: none.
   */
  allowedHosts?: readonly string[] | true;
  /** Port. Default `0` (a free port). */
  port?: number;
  /**
   * Multiplies every window and every time reported in headers and bodies. `0.01` makes a 2 s window last 20 ms
   * and reports `x-ratelimit-reset-after: 0.020`. Default `1`. Fault delays (`{ kind: "delay", ms }`) are not scaled.
   */
  timeScale?: number;
  /** Register unknown webhooks with a snowflake id and a well-formed token on first use (not 404). Default `false`. */
  acceptAnyWebhook?: boolean;
  /** Per-webhook bucket (Discord observed: 5 per 2 s). `false` disables it. */
  webhookRateLimit?: FakeRateLimit | false;
  /**
   * Hidden per-channel limit on delivered messages, shared by every webhook of a channel (observed: 30 per 60 s).
   * Answers 429 with `x-ratelimit-scope: shared` while the webhook bucket still has requests remaining.
   * `false` disables it.
   */
  channelRateLimit?: FakeRateLimit | false;
  /** Global limit per client IP on every request (Discord: 50 per 1 s). `false` disables it. */
  globalRateLimit?: FakeRateLimit | false;
  /**
   * When `true`, webhooks of one channel share one bucket (one counter and one `x-ratelimit-bucket` id).
   * Default `false`: each webhook has its own bucket.
   */
  shareChannelBuckets?: boolean;
  /**
   * When `true`, each webhook's bucket reports its own `x-ratelimit-bucket` hash (the fake's first behaviour).
   * Default `false`, as Discord does: every webhook reports the same hash while each webhook is counted on its own.
   */
  uniqueBucketHashes?: boolean;
  /** JSON bodies (and a multipart body's `payload_json`) larger than this many bytes get 413 (code 40005). Default 1 MiB. */
  maxBodyBytes?: number;
  /** A file part larger than this many bytes gets 413 (code 40005). Default 10 MiB (Discord's default for webhooks). */
  maxFileBytes?: number;
  /**
   * The cap on edits of messages older than `olderThanMs` (Discord: one hour), counted per channel: past `limit` edits
   * per `windowMs` such an edit gets 429 code 30046. Discord does not publish the cap; default
   * `{ olderThanMs: 3_600_000, limit: 5, windowMs: 3_600_000 }`. Times are Discord times (scaled by `timeScale`);
   * `olderThanMs: 0` makes every message "old" at once, for tests. `false` disables the cap.
   */
  oldMessageEdits?: FakeOldMessageEdits | false;
  /** Webhooks to register at start. */
  webhooks?: readonly AddFakeWebhookInput[];
}

// ---------------------------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------------------------

/** A webhook to register; every field is made up when omitted. */
export interface AddFakeWebhookInput {
  /** Snowflake id. Default: a new made-up snowflake. */
  id?: string;
  /** Token. Default: 68 random `[A-Za-z0-9_-]` characters. */
  token?: string;
  /** Channel; webhooks with the same channel share the hidden channel limit. Default: a new channel. */
  channelId?: string;
  /** Guild id returned by GET. Default: a made-up snowflake. */
  guildId?: string;
  /** Name returned by GET. Default `Fake Webhook`. */
  name?: string;
  /** Thread ids that `?thread_id=` may name. Any other thread answers 400 (code 10003). */
  threads?: readonly string[];
  /**
   * The channel's type. `forum` and `media` channels take posts only: a message needs `?thread_id=` (an existing post,
   * see `threads`) or `thread_name` (a new post), else 400 code 220001. Default `text`.
   */
  channelType?: FakeChannelType;
  /** The tags a forum or media channel offers; `applied_tags` may name only these. Default none. */
  tags?: readonly FakeForumTag[];
}

/** The type of a webhook's channel. */
export type FakeChannelType = "text" | "forum" | "media";

/** A registered webhook. `url` is the canonical real-looking Discord URL that hosts store. */
export interface FakeWebhook {
  id: string;
  token: string;
  channelId: string;
  guildId: string;
  name: string;
  threads: readonly string[];
  channelType: FakeChannelType;
  tags: readonly FakeForumTag[];
  /** `https://discord.com/api/v10/webhooks/{id}/{token}`: point the transport's `apiBaseUrl` at the fake. */
  url: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Records and stats
// ---------------------------------------------------------------------------------------------------------------

/** The rate-limit scope of a 429. */
export type FakeRateLimitScope = "user" | "shared" | "global";

/** One request the fake saw. Token-free: the path has its token masked. */
export interface FakeRequest {
  method: string;
  /** Path and query with the token replaced by `***`. */
  path: string;
  /** The webhook id from the path, when the path is a webhook route. */
  webhookId: string | null;
  threadId: string | null;
  /** The status answered; `null` while pending, or when the fault was `reset` or `hang`. */
  status: number | null;
  /** The fault that hit this request, if any. */
  fault: "status" | "reset" | "hang" | "delay" | null;
  /** Scope of a 429. */
  scope: FakeRateLimitScope | null;
  /** The client's `User-Agent` header. */
  userAgent: string | null;
  receivedAt: Date;
}

/** Counters since start or the last `reset()`. */
export interface FakeStats {
  /** Requests received (every route). */
  requests: number;
  /** Messages accepted. */
  delivered: number;
  /** 429 answers of every scope. */
  rateLimited: number;
  /** Answers by status, e.g. `{ "200": 60, "429": 1 }`. */
  byStatus: Record<string, number>;
  /** 429 answers by scope. */
  byScope: Record<FakeRateLimitScope, number>;
}

// ---------------------------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------------------------

/** A running Discord fake. */
export interface DiscordFake {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  /** `${url}/api/v10`: give it to `fetchTransport({ apiBaseUrl })`. */
  readonly apiBaseUrl: string;
  /** `${url}/`: the inbox page (messages as Discord shows them, 429s, faults, refusals; live, offline). */
  readonly inboxUrl: string;
  /** Transport, rate-limit windows and retry delays matching this fake: `createDispatcher({ store, ...fake.dispatcherOptions() })`. */
  dispatcherOptions(): FakeDispatcherOptions;
  /** Registers a webhook. */
  addWebhook(input?: AddFakeWebhookInput): FakeWebhook;
  /** Unregisters a webhook: later requests get 404 (code 10015). Returns whether it existed. */
  removeWebhook(id: string): boolean;
  /** The registered webhooks. */
  webhooks(): FakeWebhook[];
  /** Posts created in forum and media channels (`thread_name`), oldest first. */
  forumPosts(): FakeForumPost[];
  /** Injects a fault for one webhook id, or `"*"` for every webhook route. Faults apply in injection order. */
  inject(target: string, fault: FakeFault, options?: InjectOptions): FaultHandle;
  /** Accepted messages in arrival order (deleted ones too, with `deletedAt`), optionally of one webhook. */
  messages(webhookId?: string): FakeMessage[];
  /** Every request seen, in arrival order. */
  requests(): FakeRequest[];
  /** Counters. */
  stats(): FakeStats;
  /** Clears messages, forum posts, requests, stats, rate-limit buckets and faults. Webhooks (and their `threads`) stay. */
  reset(): void;
  /** Ends hung requests and stops the server. Idempotent. */
  close(): Promise<void>;
}
