/** A lane whose owner died mid-send is adopted by another process after about leaseMs, reporting the duplicate. */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { expect, it } from "vitest";
import type { LaneLease, LimitPolicy } from "../../../src/delivery/state.js";
import { postgresQueue } from "../../../src/postgres/index.js";
import { jobs } from "../../delivery/state-conformance.js";
import { requireEnv } from "../env.js";

const url = requireEnv("DATABASE_URL_PG");

/** The lease a new process (the heir) gets for the dead owner's lane; it empties the lane and closes. */
async function adoptedLease(prefix: string): Promise<LaneLease> {
  const heir = postgresQueue({ connection: url, prefix, leaseMs: 1000 });
  const lease = await new Promise<LaneLease>((resolve) => {
    heir.serve(async (held) => {
      resolve(held);
      await heir.remove(held.laneId, (await heir.head(held.laneId, 10)).map((j) => j.id));
      return { idle: true };
    });
  });
  await heir.close();
  return lease;
}

it("adopts a dead owner's lane within about leaseMs and reports its in-flight delivery as a possible duplicate", async () => {
  const prefix = `t${randomUUID().slice(0, 8)}_`;
  const deadPool = new pg.Pool({ connectionString: url });
  deadPool.on("error", () => undefined);
  const dead = postgresQueue({ connection: deadPool, prefix, leaseMs: 1000 });
  const [job] = jobs("lane-x", 1);
  await dead.push("lane-x", [job!], 10);
  let markHeld: () => void = () => undefined;
  const held = new Promise<void>((r) => (markHeld = r));
  dead.serve(async (lease) => {
    await lease.renew([job!.id]);
    markHeld();
    return new Promise(() => undefined); // dies mid-send: never returns
  });
  await held;
  // The process is gone: no more renewals (end() waits for the held listening connection, so it is not awaited).
  void deadPool.end().catch(() => undefined);
  const diedAt = Date.now();

  const lease = await adoptedLease(prefix);
  expect(Date.now() - diedAt).toBeLessThan(5000);
  expect(lease.laneId).toBe("lane-x");
  expect(lease.possibleDuplicates).toEqual([job!.deliveryId]);
});

it("takeAndRenew marks the jobs in flight only when it grants a slot: an heir reports what was sent, not what waited", async () => {
  const prefix = `t${randomUUID().slice(0, 8)}_`;
  const deadPool = new pg.Pool({ connectionString: url });
  deadPool.on("error", () => undefined);
  const dead = postgresQueue({ connection: deadPool, prefix, leaseMs: 1000 });
  const [sent] = jobs("lane-y", 1);
  const [waiting] = jobs("lane-y", 1);
  await dead.push("lane-y", [sent!], 10);
  await dead.push("lane-y", [waiting!], 10);
  // One request per minute: the first take is granted, the second must wait.
  const policy: LimitPolicy = { globalLimit: 1, globalWindowMs: 60_000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 5000 };
  const request = { webhookId: "300000000000000001", method: "POST" } as const;
  let markHeld: (answers: Array<{ slot: unknown; owned: boolean }>) => void = () => undefined;
  const held = new Promise<Array<{ slot: unknown; owned: boolean }>>((r) => (markHeld = r));
  dead.serve(async (lease) => {
    const granted = await lease.takeAndRenew!(request, policy, [sent!.id]);
    const refused = await lease.takeAndRenew!(request, policy, [waiting!.id]);
    markHeld([granted, refused]);
    return new Promise(() => undefined); // dies with the first request in flight: never returns
  });
  const [granted, refused] = await held;
  expect(granted).toMatchObject({ slot: { webhookId: request.webhookId }, owned: true });
  expect(typeof refused!.slot).toBe("number");
  expect(refused!.owned).toBe(false);
  void deadPool.end().catch(() => undefined);

  const lease = await adoptedLease(prefix);
  expect(lease.possibleDuplicates).toEqual([sent!.deliveryId]);
});
