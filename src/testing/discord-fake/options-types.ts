/**
 * Public types of the Discord fake's options and of a webhook to register.
 */
import type { FakeForumTag } from "./message-types.js";

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
