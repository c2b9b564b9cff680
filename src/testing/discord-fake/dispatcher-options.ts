import { DEFAULT_RETRY } from "../../delivery/backoff.js";
import { fetchTransport } from "../../transports/fetch.js";
import type { ResolvedOptions } from "./options.js";
import type { FakeDispatcherOptions } from "./dispatcher-options-type.js";

// The dispatcher's defaults (Discord time), scaled to the fake's `timeScale`.
const DEFAULT_MARGIN_MS = 50;
const DEFAULT_CHANNEL_WINDOW_MS = 60_000;

/** Dispatcher options that match a fake's limits and time scale. */
export function dispatcherOptionsFor(apiBaseUrl: string, options: ResolvedOptions): FakeDispatcherOptions {
  const s = options.timeScale;
  const global = options.globalRateLimit;
  const channel = options.channelRateLimit;
  return {
    transport: fetchTransport({ apiBaseUrl }),
    rateLimit: {
      // 0 turns the dispatcher's own global budget off when the fake has none to respect.
      globalLimit: global === false ? 0 : global.limit,
      ...(global === false ? {} : { globalWindowMs: global.windowMs * s }),
      channelWindowMs: (channel === false ? DEFAULT_CHANNEL_WINDOW_MS : channel.windowMs) * s,
      marginMs: DEFAULT_MARGIN_MS * s,
    },
    retry: { baseDelayMs: DEFAULT_RETRY.baseDelayMs * s, maxDelayMs: DEFAULT_RETRY.maxDelayMs * s },
  };
}
