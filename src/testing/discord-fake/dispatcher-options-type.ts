import type { RateLimitOptions, RetryOptions, Transport } from "../../index.js";

/** What {@link DiscordFake.dispatcherOptions} returns: spread it into `createDispatcher`. */
export interface FakeDispatcherOptions {
  /** A `fetchTransport` aimed at the fake. */
  transport: Transport;
  /** The fake's global limit and the channel window, in the fake's (scaled) time. */
  rateLimit: RateLimitOptions;
  /** Backoff delays in the fake's time, so a test with injected 5xx waits scaled delays too. */
  retry: RetryOptions;
}
