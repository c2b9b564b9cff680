/**
 * The delivery-state port's conformance suite (src/delivery/state.ts): the queue and its priority rule, one runner
 * per lane, and the rate-limit cases; the outcomes have a suite of their own (`runOutcomesConformance`). Real time, short windows; no clock injection needed.
 * Harness-agnostic like `runStoreConformance`: pass your runner's `describe` and `it`; checks use `node:assert`.
 */
import assert from "node:assert/strict";
import type { DeliveryState, LaneRun, QueuedEmbed } from "../../delivery/state.js";
import type { ConformanceHarness } from "../conformance/types.js";
import { LIMIT_CASES, type StateCase } from "./delivery-state-limits.js";
import { nth, sampleJobs as jobs, sleep, until } from "./delivery-state-support.js";

export { sampleJobs } from "./delivery-state-support.js";

/** Options of {@link runDeliveryStateConformance}. */
export interface DeliveryStateConformanceOptions {
  /** Shown in the suite's name. */
  name: string;
  /** A fresh, empty state per test; the suite closes it at the end of the test. */
  factory: () => DeliveryState | Promise<DeliveryState>;
  /** Your test runner's `describe` and `it`. */
  harness: Pick<ConformanceHarness, "describe" | "it">;
}

const ids = (list: readonly QueuedEmbed[]): string[] => list.map((j) => j.id);

const QUEUE_CASES: readonly StateCase[] = [
  [
    "queues per lane in order, refuses whole deliveries over capacity, removes and drains",
    async (s) => {
      const a = jobs("lane-a", 3);
      assert.equal(await s.push("lane-a", a, 4), true);
      assert.equal(await s.push("lane-a", jobs("lane-a", 2), 4), false);
      const b = jobs("lane-a", 1);
      assert.equal(await s.push("lane-a", b, 4), true);
      assert.deepEqual(ids(await s.head("lane-a", 10)), ids([...a, ...b]));
      assert.deepEqual(await s.head("lane-b", 10), []);
      await s.remove("lane-a", [nth(a, 0).id, nth(a, 1).id, "unknown"]);
      assert.deepEqual(ids(await s.head("lane-a", 1)), [nth(a, 2).id]);
      assert.deepEqual(ids(await s.drain("lane-a")), [nth(a, 2).id, nth(b, 0).id]);
      assert.deepEqual(await s.head("lane-a", 10), []);
    },
  ],
  [
    "priority: an urgent delivery goes ahead of routine jobs, behind earlier urgent ones and its own problem's",
    async (s) => {
      const mark = (list: QueuedEmbed[], extra: Partial<QueuedEmbed>): QueuedEmbed[] => list.map((j) => ({ ...j, ...extra }));
      const routine1 = jobs("lane-p", 1);
      const updateX = mark(jobs("lane-p", 1), { problem: "x" });
      const routine2 = jobs("lane-p", 1);
      const urgentY = mark(jobs("lane-p", 2), { urgent: true, problem: "y" });
      const urgentZ = mark(jobs("lane-p", 1), { urgent: true });
      const urgentX = mark(jobs("lane-p", 1), { urgent: true, problem: "x" });
      for (const list of [routine1, updateX, routine2, urgentY, urgentZ, urgentX]) assert.equal(await s.push("lane-p", list, 100), true);
      // y and z overtake every routine job (in their own order); x's urgent job stays behind x's update.
      assert.deepEqual(ids(await s.head("lane-p", 10)), ids([...urgentY, ...urgentZ, ...routine1, ...updateX, ...urgentX, ...routine2]));
      await s.remove("lane-p", ids([...urgentY, ...urgentZ]));
      assert.deepEqual(ids(await s.head("lane-p", 10)), ids([...routine1, ...updateX, ...urgentX, ...routine2]));
    },
  ],
  [
    "runs one runner per lane at a time, reruns after retryInMs and after work pushed meanwhile",
    async (s) => {
      const active = new Set<string>();
      const runs: string[] = [];
      let overlap = false;
      let renewed = true;
      let firstRun = true;
      s.serve(async (lease) => {
        if (active.has(lease.laneId)) overlap = true;
        active.add(lease.laneId);
        runs.push(lease.laneId);
        if (!(await lease.renew([`${lease.laneId}-job`]))) renewed = false;
        await sleep(10);
        active.delete(lease.laneId);
        const head = await s.head(lease.laneId, 10);
        if (lease.laneId === "lane-w" && firstRun) {
          firstRun = false;
          return { idle: false, retryInMs: 30 } satisfies LaneRun;
        }
        await s.remove(lease.laneId, ids(head));
        return { idle: true } satisfies LaneRun;
      });
      await s.push("lane-r", jobs("lane-r", 1), 10);
      await s.push("lane-w", jobs("lane-w", 1), 10);
      // A shared state (Redis) starts runs a few milliseconds later than memory: wait for the run, not a fixed time.
      await until(() => runs.includes("lane-r"));
      await s.push("lane-r", jobs("lane-r", 1), 10); // while the first run runs
      await until(() => runs.filter((l) => l === "lane-w").length >= 2 && runs.filter((l) => l === "lane-r").length >= 2);
      await sleep(40);
      assert.equal(overlap, false, "two runs of one lane overlapped");
      assert.equal(renewed, true, "a lease could not be renewed by its own run");
      assert.equal(runs.filter((l) => l === "lane-w").length, 2);
      assert.ok(runs.filter((l) => l === "lane-r").length >= 2, "lane-r did not run again after work pushed meanwhile");
      assert.deepEqual(await s.head("lane-r", 10), []);
      assert.deepEqual(await s.head("lane-w", 10), []);
    },
  ],
];

/**
 * Registers the suite. Every delivery state of this package passes it (memory, Redis, PostgreSQL); run it against
 * your own.
 *
 * @example
 * ```ts
 * runDeliveryStateConformance({ name: "memory", factory: () => memoryQueue(), harness: { describe, it } });
 * ```
 */
export function runDeliveryStateConformance(options: DeliveryStateConformanceOptions): void {
  const { describe, it } = options.harness;
  describe(`delivery state port: ${options.name}`, () => {
    for (const [name, check] of [...QUEUE_CASES, ...LIMIT_CASES]) {
      it(name, async () => {
        const s = await options.factory();
        try {
          await check(s);
        } finally {
          await s.close();
        }
      });
    }
  });
}
