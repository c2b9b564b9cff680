/**
 * The rate-limit port's conformance suite: the cases where the in-memory rules (src/delivery/memory-limits.ts,
 * window.ts) and the Redis scripts (src/redis/limits-lua.ts) once drifted apart, pinned so both give the same answer.
 * Harness-agnostic like `runStoreConformance`: pass your runner's `describe` and `it`; checks use `node:assert`.
 */
import assert from "node:assert/strict";
import type { LimitPolicy, LimitTicket, RateLimiter } from "../../delivery/state.js";
import type { ConformanceHarness } from "../conformance/types.js";

/** Options of {@link runLimitsConformance}. */
export interface LimitsConformanceOptions {
  name: string;
  /** A fresh, empty rate limiter per test (its own namespace for a shared store). */
  factory: () => RateLimiter | Promise<RateLimiter>;
  /** Called after each test with what `factory` gave (close connections). */
  dispose?: (limiter: RateLimiter) => Promise<void>;
  harness: Pick<ConformanceHarness, "describe" | "it">;
}

const WINDOW = 400;
/** Milliseconds a shared store's clock and a busy test process may add to a wait: far below a window. */
const SLACK = 120;
const POLICY: LimitPolicy = { globalLimit: 2, globalWindowMs: WINDOW, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 5000 };
const post = (n: number) => ({ webhookId: `2000000000000000${String(n).padStart(2, "0")}`, method: "POST" as const });
const headers = (remaining: number, resetAfterS: number) => ({ "x-ratelimit-bucket": "h", "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset-after": String(resetAfterS), "x-ratelimit-limit": "5" });

function ticket(t: LimitTicket | number): LimitTicket {
  if (typeof t === "number") throw new assert.AssertionError({ message: `expected a ticket, got a wait of ${t} ms` });
  return t;
}
function waitOf(t: LimitTicket | number): number {
  if (typeof t !== "number") throw new assert.AssertionError({ message: "expected a wait, got a ticket" });
  return t;
}
const near = (actual: number, expected: number, what: string): void => {
  assert.ok(actual >= expected - SLACK && actual <= expected + SLACK, `${what}: expected about ${expected} ms, got ${actual}`);
};

/**
 * Registers the suite. Every rate limiter of this package passes it (memory and Redis); run it against your own.
 *
 * @example
 * ```ts
 * runLimitsConformance({ name: "memory", factory: () => memoryQueue(), harness: { describe, it } });
 * ```
 */
export function runLimitsConformance(options: LimitsConformanceOptions): void {
  const { describe, it } = options.harness;
  const using = async (fn: (l: RateLimiter) => Promise<void>): Promise<void> => {
    const limiter = await options.factory();
    try {
      await fn(limiter);
    } finally {
      await options.dispose?.(limiter);
    }
  };

  describe(`rate-limit port: ${options.name}`, () => {
    it("no reset known: a request waits for the answer to the one in flight on its route, and that answer wakes it", () =>
      using(async (l) => {
        const first = ticket(await l.take(post(1), POLICY));
        let settled = false;
        const waiting = l.take(post(1), POLICY).finally(() => (settled = true));
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(settled, false, "it must not be answered before the request in flight is");
        await l.learn(first, { status: 200, headers: headers(3, 2) }, POLICY);
        // Told to come back at once: the caller checks anew what the answer changed, then takes.
        assert.ok(waitOf(await waiting) <= 1);
        ticket(await l.take(post(1), POLICY));
      }));

    it("a full window whose requests are in flight: the next one waits a window from now (answered now at the earliest)", () =>
      using(async (l) => {
        ticket(await l.take(post(2), POLICY));
        ticket(await l.take(post(3), POLICY));
        near(waitOf(await l.take(post(4), POLICY)), WINDOW, "in-flight window");
      }));

    it("the margin is added to a learned reset, not to a window's wait (its entries are stamped when answered)", () =>
      using(async (l) => {
        const margined: LimitPolicy = { ...POLICY, marginMs: 300 };
        const a = ticket(await l.take(post(5), margined));
        const b = ticket(await l.take(post(6), margined));
        await l.learn(a, { status: 200, headers: headers(0, 0.2) }, margined);
        await l.learn(b, { status: 200, headers: headers(3, 2) }, margined);
        near(waitOf(await l.take(post(7), margined)), WINDOW, "window full of answered requests");
        near(waitOf(await l.take(post(5), margined)), 200 + 300, "reset of an exhausted bucket");
      }));

    it("waiters beyond the slots a window frees are told the window after, once; a returning waiter keeps its place", () =>
      using(async (l) => {
        for (const n of [5, 6]) await l.learn(ticket(await l.take(post(n), POLICY)), { status: 200, headers: {} }, POLICY);
        near(waitOf(await l.take(post(7), POLICY)), WINDOW, "first waiter");
        near(waitOf(await l.take(post(8), POLICY)), WINDOW, "second waiter (two slots free together)");
        near(waitOf(await l.take(post(9), POLICY)), 2 * WINDOW, "third waiter");
        near(waitOf(await l.take(post(7), POLICY)), WINDOW, "the first waiter asking again");
      }));
  });
}
