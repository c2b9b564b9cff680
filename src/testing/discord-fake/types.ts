/**
 * Public types of the Discord fake: options, webhooks, faults, records and the server handle.
 */
import type { FakeDispatcherOptions } from "./dispatcher-options-type.js";
import type { FakeFault, FaultHandle, InjectOptions } from "./fault-types.js";

export type { FakeDispatcherOptions } from "./dispatcher-options-type.js";
export type { FakeFault, FaultHandle, InjectOptions } from "./fault-types.js";
export type { AddFakeWebhookInput, DiscordFakeOptions, FakeChannelType, FakeOldMessageEdits, FakeRateLimit } from "./options-types.js";
import type { AddFakeWebhookInput, FakeChannelType } from "./options-types.js";
export type { FakeAttachment, FakeForumPost, FakeForumTag, FakeMessage, FakeMessageEdit } from "./message-types.js";
import type { FakeForumPost, FakeForumTag, FakeMessage } from "./message-types.js";

// ---------------------------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------------------------

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
