/**
 * The delivery-state port's conformance suite (src/delivery/state.ts): the queue and its priority rule, outcomes,
 * one runner per lane, and the rate-limit cases. Real time, short windows; no clock injection needed.
 * Harness-agnostic like `runStoreConformance`: pass your runner's `describe` and `it`; checks use `node:assert`.
 */
import assert from "node:assert/strict";
import { DeliveryRefusedError } from "../../errors.js";
import type { DeliveryState, LaneRun, QueuedEmbed } from "../../delivery/state.js";
import type { ConformanceHarness } from "../conformance/types.js";
import { LIMIT_CASES, type StateCase } from "./delivery-state-limits.js";
import { nth, sampleJobs as jobs, sleep, two, until } from "./delivery-state-support.js";

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
    "settles a delivery's outcome once every job is settled, whenever outcome() is asked",
    async (s) => {
      const [x, y] = two(jobs("lane-o", 2));
      await s.push("lane-o", [x, y], 10);
      const outcome = s.outcome(x.deliveryId);
      const error = new DeliveryRefusedError("CLOSED", "closed");
      await s.settle([{ deliveryId: x.deliveryId, jobIds: [x.id], status: "delivered", messageId: "m1", attempts: 2, lastStatus: 200 }]);
      await s.settle([{ deliveryId: y.deliveryId, jobIds: [y.id], status: "failed", attempts: 1, error }]);
      const o = await outcome;
      assert.deepEqual([o.status, o.messageIds, o.attempts, o.lastStatus], ["failed", ["m1"], 2, 200]);
      assert.equal(o.error?.code, "CLOSED");
      const z = nth(jobs("lane-o", 1), 0);
      await s.push("lane-o", [z], 10);
      await s.settle([{ deliveryId: z.deliveryId, jobIds: [z.id], status: "delivered", messageId: "m2", attempts: 1 }]);
      const oz = await s.outcome(z.deliveryId);
      assert.deepEqual([oz.status, oz.messageIds], ["delivered", ["m2"]]);
    },
  ],
  [
    "settle gives each delivery it completes exactly once, with its outcome, and nothing for a partial part",
    async (s) => {
      const [x, y] = two(jobs("lane-c", 2));
      await s.push("lane-c", [x, y], 10);
      assert.deepEqual(await s.settle([{ deliveryId: x.deliveryId, jobIds: [x.id], status: "delivered", messageId: "m1", attempts: 1, lastStatus: 200 }]), []);
      const done = await s.settle([{ deliveryId: y.deliveryId, jobIds: [y.id], status: "delivered", messageId: "m2", attempts: 1, lastStatus: 200 }]);
      assert.equal(done.length, 1);
      const o = nth(done, 0).outcome;
      assert.deepEqual([nth(done, 0).deliveryId, o.status, o.messageIds, o.attempts, o.lastStatus], [x.deliveryId, "delivered", ["m1", "m2"], 1, 200]);
      // The same part again (a retried write) completes nothing a second time.
      assert.deepEqual(await s.settle([{ deliveryId: y.deliveryId, jobIds: [y.id], status: "delivered", messageId: "m2", attempts: 1, lastStatus: 200 }]), []);
      assert.deepEqual((await s.outcome(x.deliveryId)).messageIds, ["m1", "m2"]);
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
