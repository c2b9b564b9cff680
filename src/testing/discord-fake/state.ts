import type { ServerResponse } from "node:http";
import { ConfigError } from "../../errors.js";
import { DISCORD_API_BASE } from "../../discord/webhook-url.js";
import type { FakeEvent } from "./events.js";
import { faultRegistry, type FaultRegistry } from "./faults.js";
import { makeSnowflake, makeToken } from "./ids.js";
import { bucketHash, createWindow, type Window } from "./rate-limit.js";
import { SNOWFLAKE } from "../../discord/rules.js";
import type {
  AddFakeWebhookInput,
  DiscordFakeOptions,
  FakeMessage,
  FakeRateLimit,
  FakeRequest,
  FakeStats,
  FakeWebhook,
} from "./types.js";

/** Options with defaults applied. */
export interface ResolvedOptions {
  timeScale: number;
  acceptAnyWebhook: boolean;
  webhookRateLimit: FakeRateLimit | false;
  channelRateLimit: FakeRateLimit | false;
  globalRateLimit: FakeRateLimit | false;
  shareChannelBuckets: boolean;
  uniqueBucketHashes: boolean;
  maxBodyBytes: number;
}

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

/** Applies defaults and checks the options; throws `ConfigError` for impossible values. */
export function resolveOptions(options: DiscordFakeOptions): ResolvedOptions {
  const timeScale = options.timeScale ?? 1;
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new ConfigError("`timeScale` must be a number > 0.");
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) throw new ConfigError("`maxBodyBytes` must be a positive integer.");
  return {
    timeScale,
    acceptAnyWebhook: options.acceptAnyWebhook ?? false,
    webhookRateLimit: checkLimit("webhookRateLimit", options.webhookRateLimit, { limit: 5, windowMs: 2000 }),
    channelRateLimit: checkLimit("channelRateLimit", options.channelRateLimit, { limit: 30, windowMs: 60_000 }),
    globalRateLimit: checkLimit("globalRateLimit", options.globalRateLimit, { limit: 50, windowMs: 1000 }),
    shareChannelBuckets: options.shareChannelBuckets ?? false,
    uniqueBucketHashes: options.uniqueBucketHashes ?? false,
    maxBodyBytes,
  };
}

function checkLimit(name: string, value: FakeRateLimit | false | undefined, fallback: FakeRateLimit): FakeRateLimit | false {
  if (value === false) return false;
  const limit = value ?? fallback;
  if (!(Number.isInteger(limit.limit) && limit.limit > 0 && Number.isFinite(limit.windowMs) && limit.windowMs > 0)) {
    throw new ConfigError(`\`${name}\` needs an integer \`limit\` > 0 and \`windowMs\` > 0 (or false).`);
  }
  return { limit: limit.limit, windowMs: limit.windowMs };
}

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
  const name = input.name ?? "Fake Webhook";
  const webhook: FakeWebhook = { id, token, channelId, guildId, name, threads, url: `${DISCORD_API_BASE}/webhooks/${id}/${token}` };
  state.webhooks.set(id, webhook);
  return { ...webhook, threads: [...threads] };
}

/**
 * The webhook's bucket for one route (shared by its channel when `shareChannelBuckets` is on), or `null` when off.
 * Execute Webhook and Get Webhook are two routes, so two buckets: a verification GET spends its own budget.
 */
export function bucketOf(state: FakeState, webhook: FakeWebhook, route: "execute" | "get" = "execute"): Bucket | null {
  const limit = state.options.webhookRateLimit;
  if (limit === false) return null;
  const owner = state.options.shareChannelBuckets ? `channel:${webhook.channelId}` : `webhook:${webhook.id}`;
  const key = route === "execute" ? owner : `get:${owner}`;
  let bucket = state.buckets.get(key);
  if (!bucket) {
    bucket = { id: bucketHash(state, key), window: createWindow(limit, state.options.timeScale) };
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
