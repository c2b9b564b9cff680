/** The delivery-state port's rate-limit cases (budgets per bucket and webhook, lost answers, 429 scopes). */
import assert from "node:assert/strict";
import type { DeliveryState } from "../../delivery/state.js";
import { headers, POLICY, sleep, ticket } from "./delivery-state-support.js";

/** One case: a name and its check against a fresh state. */
export type StateCase = readonly [name: string, check: (s: DeliveryState) => Promise<void>];

/** The rate-limit cases every delivery state must pass. */
export const LIMIT_CASES: readonly StateCase[] = [
  [
    "keys budgets by bucket hash plus webhook id: one hash never merges two webhooks",
    async (s) => {
      const a = { webhookId: "100000000000000001", method: "POST" as const };
      const b = { webhookId: "100000000000000002", method: "POST" as const };
      // Until Discord names the bucket, one request per webhook and method is in flight; the second waits for its
      // answer (woken by it, never polled), which here says the bucket is spent for 200 ms.
      const first = ticket(await s.take(a, POLICY));
      const waiting = s.take(a, POLICY);
      await s.learn(first, { status: 200, headers: headers("hash", 0, 0.2, 1) }, POLICY);
      assert.equal(await waiting, 1);
      const wait = await s.take(a, POLICY);
      assert.ok(typeof wait === "number" && wait > 0 && wait <= 200, `expected a wait in (0, 200] ms, got ${JSON.stringify(wait)}`);
      // a is spent for 200 ms; b, under the same hash, has its own budget.
      assert.equal(typeof (await s.take(a, POLICY)), "number");
      const tb = ticket(await s.take(b, POLICY));
      const learned = await s.learn(tb, { status: 200, headers: headers("hash", 4, 2) }, POLICY);
      assert.equal(learned.bucket, "hash");
      ticket(await s.take(b, POLICY));
    },
  ],
  [
    "gives back a slot whose answer never came, after requestTtlMs",
    async (s) => {
      const r = { webhookId: "100000000000000003", method: "POST" as const };
      ticket(await s.take(r, POLICY));
      // The second waits for the first one's answer, which never comes: the slot expires and the waiter gets it.
      assert.equal(await s.take(r, POLICY), 1);
      ticket(await s.take(r, POLICY));
    },
  ],
  [
    "blocks by 429 scope (user: that webhook, global: all) and counts invalid answers",
    async (s) => {
      const a = { webhookId: "100000000000000004", method: "POST" as const };
      const b = { webhookId: "100000000000000005", method: "GET" as const };
      const before = await s.invalidAnswers();
      await s.learn(ticket(await s.take(a, POLICY)), { status: 429, headers: {}, scope: "user", retryAfterMs: 150 }, POLICY);
      const blocked = await s.take(a, POLICY);
      assert.ok(typeof blocked === "number" && blocked > 100, `expected a wait over 100 ms, got ${JSON.stringify(blocked)}`);
      const tb = ticket(await s.take(b, POLICY));
      const l = await s.learn(tb, { status: 429, headers: {}, scope: "global", retryAfterMs: 100 }, POLICY);
      assert.equal(l.invalidAnswers, before + 2);
      const global = await s.take({ webhookId: "100000000000000006", method: "POST" }, POLICY);
      assert.ok(typeof global === "number" && global > 50, `expected a wait over 50 ms, got ${JSON.stringify(global)}`);
      const c = { webhookId: "100000000000000007", method: "GET" as const };
      await sleep(110);
      await s.learn(ticket(await s.take(c, POLICY)), { status: 429, headers: {}, scope: "shared", retryAfterMs: 1 }, POLICY);
      await sleep(5);
      await s.learn(ticket(await s.take(c, POLICY)), { status: 401, headers: {} }, POLICY);
      assert.equal(await s.invalidAnswers(), before + 3);
    },
  ],
];
