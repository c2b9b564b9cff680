/** The cases of the outcome port's conformance suite (outcomes.ts), each run against one fresh state. */
import assert from "node:assert/strict";
import { DeliveryRefusedError, TransportError } from "../../errors.js";
import type { StateCase } from "./delivery-state-limits.js";
import { nth, sampleJobs as jobs, sleep, two } from "./delivery-state-support.js";

/** Resolves with `promise`'s value, or `"pending"` when it is still pending after `ms`. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | "pending"> {
  return Promise.race([promise, sleep(ms).then(() => "pending" as const)]);
}

/** The cases run against one fresh state each. */
export const OUTCOME_CASES: readonly StateCase[] = [
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
    "a job settled twice counts once: the delivery stays open until its other jobs settle",
    async (s) => {
      const list = jobs("lane-t", 3);
      const [a, b] = two(list);
      await s.push("lane-t", list, 10);
      const outcome = s.outcome(a.deliveryId);
      const part = { deliveryId: a.deliveryId, jobIds: [a.id], status: "delivered" as const, messageId: "m1", attempts: 1 };
      assert.deepEqual(await s.settle([part]), []);
      assert.deepEqual(await s.settle([part, { ...part, jobIds: [a.id, b.id] }]), []);
      assert.equal(await settledWithin(outcome, 50), "pending", "a repeated job completed the delivery early");
      const done = await s.settle([{ deliveryId: a.deliveryId, jobIds: [nth(list, 2).id], status: "delivered", messageId: "m2", attempts: 1 }]);
      assert.deepEqual(done.map((d) => d.deliveryId), [a.deliveryId]);
      assert.deepEqual((await outcome).messageIds, ["m1", "m2"]);
    },
  ],
  [
    "parts merge as one rule: failed if any failed with the first failure's error, ids in order without repeats, most attempts, last status",
    async (s) => {
      const list = jobs("lane-m", 5);
      const d = nth(list, 0).deliveryId;
      await s.push("lane-m", list, 10);
      const part = (i: number): { deliveryId: string; jobIds: string[] } => ({ deliveryId: d, jobIds: [nth(list, i).id] });
      const first = new TransportError("[POST] first failure", "https://discord.com/api/webhooks/1234567890123456789/***");
      const second = new DeliveryRefusedError("CLOSED", "second failure");
      await s.settle([{ ...part(0), status: "delivered", messageId: "m1", attempts: 3, lastStatus: 200 }]);
      await s.settle([{ ...part(1), status: "failed", attempts: 5, lastStatus: 503, error: first }]);
      // Two parts in one call, one of them in the message already seen.
      await s.settle([
        { ...part(2), status: "delivered", messageId: "m1", attempts: 1, lastStatus: 200 },
        { ...part(3), status: "failed", attempts: 2, error: second },
      ]);
      const done = await s.settle([{ ...part(4), status: "delivered", messageId: "m2", attempts: 1, lastStatus: 204 }]);
      const o = nth(done, 0).outcome;
      assert.deepEqual([o.status, o.messageIds, o.attempts, o.lastStatus], ["failed", ["m1", "m2"], 5, 204]);
      assert.ok(o.error instanceof TransportError, `the first failure's class is kept (got ${o.error?.name ?? "none"})`);
      assert.match(o.error.message, /first failure/);
      assert.deepEqual((await s.outcome(d)).messageIds, ["m1", "m2"]);
    },
  ],
  [
    "one settle call completes several deliveries and gives each of them",
    async (s) => {
      const x = nth(jobs("lane-s", 1), 0);
      const y = nth(jobs("lane-s", 1), 0);
      const z = nth(jobs("lane-s2", 2), 0);
      await s.push("lane-s", [x], 10);
      await s.push("lane-s", [y], 10);
      await s.push("lane-s2", [z, { ...z, id: `${z.id}-b` }], 10);
      const done = await s.settle([
        { deliveryId: x.deliveryId, jobIds: [x.id], status: "delivered", messageId: "m1", attempts: 1 },
        { deliveryId: z.deliveryId, jobIds: [z.id], status: "delivered", messageId: "m3", attempts: 1 },
        { deliveryId: y.deliveryId, jobIds: [y.id], status: "delivered", messageId: "m1", attempts: 1 },
      ]);
      assert.deepEqual(done.map((d) => d.deliveryId).sort(), [x.deliveryId, y.deliveryId].sort());
      assert.deepEqual([(await s.outcome(x.deliveryId)).messageIds, (await s.outcome(y.deliveryId)).messageIds], [["m1"], ["m1"]]);
    },
  ],
];

