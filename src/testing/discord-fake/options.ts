/**
 * The fake's options with their defaults applied and checked.
 */
import { ConfigError } from "../../errors.js";
import type { DiscordFakeOptions, FakeOldMessageEdits, FakeRateLimit } from "./types.js";

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
  maxFileBytes: number;
  oldMessageEdits: FakeOldMessageEdits | false;
}

/** Applies defaults and checks the options; throws `ConfigError` for impossible values. */
export function resolveOptions(options: DiscordFakeOptions): ResolvedOptions {
  const timeScale = options.timeScale ?? 1;
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new ConfigError("`timeScale` must be a number > 0.");
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) throw new ConfigError("`maxBodyBytes` must be a positive integer.");
  const maxFileBytes = options.maxFileBytes ?? 10 * 1024 * 1024;
  if (!(Number.isInteger(maxFileBytes) && maxFileBytes > 0)) throw new ConfigError("`maxFileBytes` must be a positive integer.");
  return {
    timeScale,
    acceptAnyWebhook: options.acceptAnyWebhook ?? false,
    webhookRateLimit: checkLimit("webhookRateLimit", options.webhookRateLimit, { limit: 5, windowMs: 2000 }),
    channelRateLimit: checkLimit("channelRateLimit", options.channelRateLimit, { limit: 30, windowMs: 60_000 }),
    globalRateLimit: checkLimit("globalRateLimit", options.globalRateLimit, { limit: 50, windowMs: 1000 }),
    shareChannelBuckets: options.shareChannelBuckets ?? false,
    uniqueBucketHashes: options.uniqueBucketHashes ?? false,
    maxBodyBytes,
    maxFileBytes,
    oldMessageEdits: checkOldEdits(options.oldMessageEdits),
  };
}

function checkOldEdits(value: FakeOldMessageEdits | false | undefined): FakeOldMessageEdits | false {
  if (value === false) return false;
  const hour = 3_600_000;
  const limit = checkLimit("oldMessageEdits", value, { limit: 5, windowMs: hour });
  const olderThanMs = value?.olderThanMs ?? hour;
  if (limit === false || !(Number.isFinite(olderThanMs) && olderThanMs >= 0)) {
    throw new ConfigError("`oldMessageEdits.olderThanMs` must be a number >= 0.");
  }
  return { ...limit, olderThanMs };
}

function checkLimit(name: string, value: FakeRateLimit | false | undefined, fallback: FakeRateLimit): FakeRateLimit | false {
  if (value === false) return false;
  const limit = value ?? fallback;
  if (!(Number.isInteger(limit.limit) && limit.limit > 0 && Number.isFinite(limit.windowMs) && limit.windowMs > 0)) {
    throw new ConfigError(`\`${name}\` needs an integer \`limit\` > 0 and \`windowMs\` > 0 (or false).`);
  }
  return { limit: limit.limit, windowMs: limit.windowMs };
}

