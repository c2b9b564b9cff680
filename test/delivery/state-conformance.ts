/**
 * The contract of the delivery state port (src/delivery/state.ts) as a suite any implementation runs:
 * `describeDeliveryState("memory", () => memoryQueue())`. Real time, short windows; no clock injection needed.
 */
import { describe, expect, it } from "vitest";
import { DeliveryRefusedError } from "../../src/errors.js";
import type { DeliveryState, LaneRun, LimitPolicy, LimitTicket, QueuedEmbed } from "../../src/delivery/state.js";

const POLICY: LimitPolicy = { globalLimit: 0, globalWindowMs: 1000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 200 };

let seq = 0;
/** `n` jobs of one new delivery for `laneId`. */
export function jobs(laneId: string, n: number): QueuedEmbed[] {
  const deliveryId = `d${++seq}`;
  return Array.from({ length: n }, (_, i) => ({ id: `${deliveryId}-${i}`, laneId, deliveryId, embed: { title: `t${i}` }, message: { allowed_mentions: { parse: [] } }, solo: false }));
}

const headers = (bucket: string, remaining: number, resetAfterS: number, limit = 5) => ({
  "x-ratelimit-bucket": bucket,
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset-after": String(resetAfterS),
  "x-ratelimit-limit": String(limit),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `check` every 2 ms for up to 3 s. */
async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 3000;
  while (!check() && Date.now() < end) await sleep(2);
}

function ticket(t: LimitTicket | number): LimitTicket {
  if (typeof t === "number") throw new Error(`expected a ticket, got a wait of ${t} ms`);
  return t;
}

/** Runs the port's contract against `make()` (a fresh, empty state per test). */
export function describeDeliveryState(name: string, make: () => DeliveryState | Promise<DeliveryState>): void {
  describe(`delivery state port: ${name}`, () => {
    it("queues per lane in order, refuses whole deliveries over capacity, removes and drains", async () => {
      const s = await make();
      const a = jobs("lane-a", 3);
      expect(await s.push("lane-a", a, 4)).toBe(true);
      expect(await s.push("lane-a", jobs("lane-a", 2), 4)).toBe(false);
      const b = jobs("lane-a", 1);
      expect(await s.push("lane-a", b, 4)).toBe(true);
      expect((await s.head("lane-a", 10)).map((j) => j.id)).toEqual([...a, ...b].map((j) => j.id));
      expect(await s.head("lane-b", 10)).toEqual([]);
      await s.remove("lane-a", [a[0]!.id, a[1]!.id, "unknown"]);
      expect((await s.head("lane-a", 1)).map((j) => j.id)).toEqual([a[2]!.id]);
      expect((await s.drain("lane-a")).map((j) => j.id)).toEqual([a[2]!.id, b[0]!.id]);
      expect(await s.head("lane-a", 10)).toEqual([]);
      await s.close();
    });

    it("priority: an urgent delivery goes ahead of routine jobs, behind earlier urgent ones and its own problem's", async () => {
      const s = await make();
      const mark = (list: QueuedEmbed[], extra: Partial<QueuedEmbed>): QueuedEmbed[] => list.map((j) => ({ ...j, ...extra }));
      const routine1 = jobs("lane-p", 1);
      const updateX = mark(jobs("lane-p", 1), { problem: "x" });
      const routine2 = jobs("lane-p", 1);
      const urgentY = mark(jobs("lane-p", 2), { urgent: true, problem: "y" });
      const urgentZ = mark(jobs("lane-p", 1), { urgent: true });
      const urgentX = mark(jobs("lane-p", 1), { urgent: true, problem: "x" });
      for (const list of [routine1, updateX, routine2, urgentY, urgentZ, urgentX]) expect(await s.push("lane-p", list, 100)).toBe(true);
      const ids = (list: QueuedEmbed[]) => list.map((j) => j.id);
      // y and z overtake every routine job (in their own order); x's urgent job stays behind x's update.
      expect((await s.head("lane-p", 10)).map((j) => j.id)).toEqual(ids([...urgentY, ...urgentZ, ...routine1, ...updateX, ...urgentX, ...routine2]));
      await s.remove("lane-p", ids([...urgentY, ...urgentZ]));
      expect((await s.head("lane-p", 10)).map((j) => j.id)).toEqual(ids([...routine1, ...updateX, ...urgentX, ...routine2]));
      await s.close();
    });

    it("settles a delivery's outcome once every job is settled, whenever outcome() is asked", async () => {
      const s = await make();
      const [x, y] = jobs("lane-o", 2);
      await s.push("lane-o", [x!, y!], 10);
      const outcome = s.outcome(x!.deliveryId);
      const error = new DeliveryRefusedError("CLOSED", "closed");
      await s.settle([{ deliveryId: x!.deliveryId, jobIds: [x!.id], status: "delivered", messageId: "m1", attempts: 2, lastStatus: 200 }]);
      await s.settle([{ deliveryId: y!.deliveryId, jobIds: [y!.id], status: "failed", attempts: 1, error }]);
      const o = await outcome;
      expect(o).toMatchObject({ status: "failed", messageIds: ["m1"], attempts: 2, lastStatus: 200 });
      expect(o.error?.code).toBe("CLOSED");
      const [z] = jobs("lane-o", 1);
      await s.push("lane-o", [z!], 10);
      await s.settle([{ deliveryId: z!.deliveryId, jobIds: [z!.id], status: "delivered", messageId: "m2", attempts: 1 }]);
      expect(await s.outcome(z!.deliveryId)).toMatchObject({ status: "delivered", messageIds: ["m2"] });
      await s.close();
    });

    it("settle gives each delivery it completes exactly once, with its outcome, and nothing for a partial part", async () => {
      const s = await make();
      const [x, y] = jobs("lane-c", 2);
      await s.push("lane-c", [x!, y!], 10);
      expect(await s.settle([{ deliveryId: x!.deliveryId, jobIds: [x!.id], status: "delivered", messageId: "m1", attempts: 1, lastStatus: 200 }])).toEqual([]);
      const done = await s.settle([{ deliveryId: y!.deliveryId, jobIds: [y!.id], status: "delivered", messageId: "m2", attempts: 1, lastStatus: 200 }]);
      expect(done).toHaveLength(1);
      expect(done[0]).toMatchObject({ deliveryId: x!.deliveryId, outcome: { status: "delivered", messageIds: ["m1", "m2"], attempts: 1, lastStatus: 200 } });
      // The same part again (a retried write) completes nothing a second time.
      expect(await s.settle([{ deliveryId: y!.deliveryId, jobIds: [y!.id], status: "delivered", messageId: "m2", attempts: 1, lastStatus: 200 }])).toEqual([]);
      expect((await s.outcome(x!.deliveryId)).messageIds).toEqual(["m1", "m2"]);
      await s.close();
    });

    it("runs one runner per lane at a time, reruns after retryInMs and after work pushed meanwhile", async () => {
      const s = await make();
      const active = new Set<string>();
      const runs: string[] = [];
      let overlap = false;
      let firstRun = true;
      s.serve(async (lease) => {
        if (active.has(lease.laneId)) overlap = true;
        active.add(lease.laneId);
        runs.push(lease.laneId);
        expect(await lease.renew([`${lease.laneId}-job`])).toBe(true);
        await sleep(10);
        active.delete(lease.laneId);
        const head = await s.head(lease.laneId, 10);
        if (lease.laneId === "lane-w" && firstRun) {
          firstRun = false;
          return { idle: false, retryInMs: 30 } satisfies LaneRun;
        }
        await s.remove(lease.laneId, head.map((j) => j.id));
        return { idle: true } satisfies LaneRun;
      });
      await s.push("lane-r", jobs("lane-r", 1), 10);
      await s.push("lane-w", jobs("lane-w", 1), 10);
      // A shared state (Redis) starts runs a few milliseconds later than memory: wait for the run, not a fixed time.
      await until(() => runs.includes("lane-r"));
      await s.push("lane-r", jobs("lane-r", 1), 10); // while the first run runs
      await until(() => runs.filter((l) => l === "lane-w").length >= 2 && runs.filter((l) => l === "lane-r").length >= 2);
      await sleep(40);
      expect(overlap).toBe(false);
      expect(runs.filter((l) => l === "lane-w")).toHaveLength(2);
      expect(runs.filter((l) => l === "lane-r").length).toBeGreaterThanOrEqual(2);
      expect(await s.head("lane-r", 10)).toEqual([]);
      expect(await s.head("lane-w", 10)).toEqual([]);
      await s.close();
    });

    it("keys budgets by bucket hash plus webhook id: one hash never merges two webhooks", async () => {
      const s = await make();
      const a = { webhookId: "100000000000000001", method: "POST" as const };
      const b = { webhookId: "100000000000000002", method: "POST" as const };
      // Until Discord names the bucket, one request per webhook and method is in flight; the second waits for its
      // answer (woken by it, never polled), which here says the bucket is spent for 200 ms.
      const first = ticket(await s.take(a, POLICY));
      const waiting = s.take(a, POLICY);
      await s.learn(first, { status: 200, headers: headers("hash", 0, 0.2, 1) }, POLICY);
      expect(await waiting).toBe(1);
      const wait = await s.take(a, POLICY);
      expect(typeof wait === "number" && wait > 0 && wait <= 200).toBe(true);
      // a is spent for 200 ms; b, under the same hash, has its own budget.
      expect(typeof (await s.take(a, POLICY))).toBe("number");
      const tb = ticket(await s.take(b, POLICY));
      const learned = await s.learn(tb, { status: 200, headers: headers("hash", 4, 2) }, POLICY);
      expect(learned.bucket).toBe("hash");
      ticket(await s.take(b, POLICY));
      await s.close();
    });

    it("gives back a slot whose answer never came, after requestTtlMs", async () => {
      const s = await make();
      const r = { webhookId: "100000000000000003", method: "POST" as const };
      ticket(await s.take(r, POLICY));
      // The second waits for the first one's answer, which never comes: the slot expires and the waiter gets it.
      expect(await s.take(r, POLICY)).toBe(1);
      ticket(await s.take(r, POLICY));
      await s.close();
    });

    it("blocks by 429 scope (user: that webhook, global: all) and counts invalid answers", async () => {
      const s = await make();
      const a = { webhookId: "100000000000000004", method: "POST" as const };
      const b = { webhookId: "100000000000000005", method: "GET" as const };
      const before = await s.invalidAnswers();
      await s.learn(ticket(await s.take(a, POLICY)), { status: 429, headers: {}, scope: "user", retryAfterMs: 150 }, POLICY);
      expect(await s.take(a, POLICY)).toBeGreaterThan(100);
      const tb = ticket(await s.take(b, POLICY));
      const l = await s.learn(tb, { status: 429, headers: {}, scope: "global", retryAfterMs: 100 }, POLICY);
      expect(l.invalidAnswers).toBe(before + 2);
      expect(await s.take({ webhookId: "100000000000000006", method: "POST" }, POLICY)).toBeGreaterThan(50);
      const c = { webhookId: "100000000000000007", method: "GET" as const };
      await sleep(110);
      await s.learn(ticket(await s.take(c, POLICY)), { status: 429, headers: {}, scope: "shared", retryAfterMs: 1 }, POLICY);
      await sleep(5);
      await s.learn(ticket(await s.take(c, POLICY)), { status: 401, headers: {} }, POLICY);
      expect(await s.invalidAnswers()).toBe(before + 3);
      await s.close();
    });
  });
}
