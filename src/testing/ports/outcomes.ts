/**
 * The outcome port's conformance suite (`OutcomeBook` in src/delivery/state.ts): how settled parts merge into a
 * delivery's outcome, each job counted once, each completed delivery given once, and outcomes seen from another
 * handle on a shared state. Run it beside `runDeliveryStateConformance` (queue, leases, limits). Harness-agnostic like
 * `runStoreConformance`: pass your runner's `describe` and `it`; checks use `node:assert`.
 */
import assert from "node:assert/strict";
import type { DeliveryState } from "../../delivery/state.js";
import type { ConformanceHarness } from "../conformance/types.js";
import { OUTCOME_CASES } from "./outcome-cases.js";
import { sampleJobs as jobs, two } from "./delivery-state-support.js";


/** Options of {@link runOutcomesConformance}. */
export interface OutcomesConformanceOptions {
  /** Shown in the suite's name. */
  name: string;
  /** A fresh, empty state per test; the suite closes it at the end of the test. */
  factory: () => DeliveryState | Promise<DeliveryState>;
  /**
   * For a state shared between processes: a fresh state and a second handle onto it (as another process would
   * open: for Redis another connection with the same prefix). The suite closes both. Absent: the sharing case is
   * not run (the in-memory state).
   */
  pair?: () => Promise<readonly [DeliveryState, DeliveryState]>;
  /** Your test runner's `describe` and `it`. */
  harness: Pick<ConformanceHarness, "describe" | "it">;
}

/**
 * Registers the suite. Every delivery state of this package passes it (memory, Redis, PostgreSQL); run it against
 * your own.
 *
 * @example
 * ```ts
 * runOutcomesConformance({ name: "memory", factory: () => memoryQueue(), harness: { describe, it } });
 * ```
 */
export function runOutcomesConformance(options: OutcomesConformanceOptions): void {
  const { describe, it } = options.harness;
  describe(`outcome port: ${options.name}`, () => {
    for (const [name, check] of OUTCOME_CASES) {
      it(name, async () => {
        const s = await options.factory();
        try {
          await check(s);
        } finally {
          await s.close();
        }
      });
    }
    const pair = options.pair;
    if (!pair) return;
    it("a delivery settled through one handle resolves outcome() awaited on another, also when asked afterwards", async () => {
      const [s, peer] = await pair();
      try {
        const [x, y] = two(jobs("lane-p", 2));
        await s.push("lane-p", [x, y], 10);
        const awaited = peer.outcome(x.deliveryId);
        await s.settle([{ deliveryId: x.deliveryId, jobIds: [x.id], status: "delivered", messageId: "m1", attempts: 1 }]);
        assert.deepEqual(await peer.settle([{ deliveryId: x.deliveryId, jobIds: [y.id], status: "delivered", messageId: "m2", attempts: 2 }]).then((d) => d.length), 1);
        const o = await awaited;
        assert.deepEqual([o.status, o.messageIds, o.attempts], ["delivered", ["m1", "m2"], 2]);
        assert.deepEqual((await s.outcome(x.deliveryId)).messageIds, ["m1", "m2"]);
      } finally {
        await Promise.all([s.close(), peer.close()]);
      }
    });
  });
}
