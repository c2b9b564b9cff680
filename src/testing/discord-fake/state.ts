import type { ServerResponse } from "node:http";
import { ConfigError } from "../../errors.js";
import type { ResolvedOptions } from "./options.js";
import { DISCORD_API_BASE } from "../../discord/webhook-url.js";
import type { FakeEvent } from "./events.js";
import { faultRegistry, type FaultRegistry } from "./faults.js";
import { makeSnowflake, makeToken } from "./ids.js";
import { bucketHash, createWindow, type Window } from "./rate-limit.js";
import { SNOWFLAKE } from "../../discord/rules.js";
import type {
  AddFakeWebhookInput,
  FakeForumPost,
  FakeMessage,
  FakeRateLimit,
  FakeRequest,
  FakeStats,
  FakeWebhook,
} from "./types.js";

/** The routes that have a rate-limit bucket of their own, per webhook (Discord keys them by route and method). */
export type BucketRoute = "execute" | "get" | "get-message" | "edit-message" | "delete-message";


/** A bucket: its window and the id it reports in `x-ratelimit-bucket`. */
export interface Bucket {
  id: string;
  window: Window;
}

/** Everything the fake remembers. */
export interface FakeState {
  readonly options: ResolvedOptions;
  readonly webhooks: Map<string, FakeWebhook>;
  buckets: Map<string, Bucket>;
  /** Bucket ids stay stable across `reset()`, as Discord's do. */
  readonly bucketIds: Map<string, string>;
  channels: Map<string, Window>;
  /** Per channel: the edits of messages older than an hour (429 code 30046 when spent). */
  oldEdits: Map<string, Window>;
  /** Posts created in forum and media channels, by thread id. */
  forumPosts: Map<string, FakeForumPost>;
  globals: Map<string, Window>;
  messages: FakeMessage[];
  requests: FakeRequest[];
  stats: FakeStats;
  readonly faults: FaultRegistry;
  /** Answers held open by `hang` faults; `close()` ends them. */
  readonly hung: Set<ServerResponse>;
  /** Told of every answer and message (the inbox listens). */
  onEvent?: (event: FakeEvent) => void;
}


const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

/** Zeroed counters. */
export function emptyStats(): FakeStats {
  return { requests: 0, delivered: 0, rateLimited: 0, byStatus: {}, byScope: { user: 0, shared: 0, global: 0 } };
}

/** A fresh state. */
export function createState(options: ResolvedOptions): FakeState {
  return {
    options,
    webhooks: new Map(),
    buckets: new Map(),
    bucketIds: new Map(),
    channels: new Map(),
    oldEdits: new Map(),
    forumPosts: new Map(),
    globals: new Map(),
    messages: [],
    requests: [],
    stats: emptyStats(),
    faults: faultRegistry(),
    hung: new Set(),
  };
}

/** Registers a webhook, making up what is not given. */
export function addWebhook(state: FakeState, input: AddFakeWebhookInput = {}): FakeWebhook {
  const id = input.id ?? makeSnowflake();
  const token = input.token ?? makeToken();
  const channelId = input.channelId ?? makeSnowflake();
  const guildId = input.guildId ?? makeSnowflake();
  const threads = [...(input.threads ?? [])];
  const snowflakes: [string, string][] = [["id", id], ["channelId", channelId], ["guildId", guildId]];
  for (const t of threads) snowflakes.push(["thread id", t]);
  for (const [what, value] of snowflakes) {
    if (!SNOWFLAKE.test(value)) throw new ConfigError(`Fake webhook ${what} must be a snowflake (17-20 digits).`);
  }
  if (!TOKEN.test(token)) throw new ConfigError("Fake webhook token must be 1-100 characters of [A-Za-z0-9_-].");
  if (state.webhooks.has(id)) throw new ConfigError(`Fake webhook ${id} is already registered.`);
  const channelType = input.channelType ?? "text";
  if (!["text", "forum", "media"].includes(channelType)) throw new ConfigError("Fake webhook `channelType` must be text, forum or media.");
  const tags = (input.tags ?? []).map((t) => ({ id: t.id, name: t.name }));
  for (const t of tags) {
    if (!SNOWFLAKE.test(t.id)) throw new ConfigError("Fake webhook tag ids must be snowflakes (17-20 digits).");
  }
  const name = input.name ?? "Fake Webhook";
  const url = `${DISCORD_API_BASE}/webhooks/${id}/${token}`;
  const webhook: FakeWebhook = { id, token, channelId, guildId, name, threads, channelType, tags, url };
  state.webhooks.set(id, webhook);
  return copyWebhook(webhook);
}

/** A copy the caller may keep: later changes to the fake do not show through it. */
export function copyWebhook(w: FakeWebhook): FakeWebhook {
  return { ...w, threads: [...w.threads], tags: w.tags.map((t) => ({ ...t })) };
}

/**
 * The webhook's bucket for one route (shared by its channel when `shareChannelBuckets` is on), or `null` when off.
 * Every route and method is a bucket of its own (Execute, Get Webhook, Get / Edit / Delete Webhook Message): a
 * verification GET or an edit spends its own budget, not the posts'.
 */
export function bucketOf(state: FakeState, webhook: FakeWebhook, route: BucketRoute = "execute"): Bucket | null {
  const limit = state.options.webhookRateLimit;
  if (limit === false) return null;
  const owner = state.options.shareChannelBuckets ? `channel:${webhook.channelId}` : `webhook:${webhook.id}`;
  const key = `${route}:${owner}`;
  let bucket = state.buckets.get(key);
  if (!bucket) {
    bucket = { id: bucketHash(state, route, key), window: createWindow(limit, state.options.timeScale) };
    state.buckets.set(key, bucket);
  }
  return bucket;
}

/** The window stored under `key` in `map`, created on first use. */
export function windowOf(map: Map<string, Window>, key: string, limit: FakeRateLimit, timeScale: number): Window {
  let w = map.get(key);
  if (!w) {
    w = createWindow(limit, timeScale);
    map.set(key, w);
  }
  return w;
}
