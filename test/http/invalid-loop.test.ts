/**
 * Issue 15 item 2: 25 records of one real Discord webhook id with wrong tokens, then `PATCH {enabled: true}` and one
 * of the user's own events in a loop. Against the Discord fake (401 for a wrong token), through the routes and the
 * real dispatcher, with the package's defaults.
 */
import { afterEach, describe, expect, it } from "vitest";
import { InvalidRequestBrakeError } from "../../src/errors.js";
import type { FakeWebhook } from "../../src/testing/index.js";
import { alice } from "../webhooks/fixtures.js";
import { call, createHarness, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The fake webhook's URL with a wrong token of the same shape. */
const wrong = (hook: FakeWebhook, i: number): string => hook.url.replace(hook.token, `w${String(i).padStart(3, "0")}`.padEnd(hook.token.length, "x"));
const alert = { title: "Server crashed", description: "Exit code 137" };

describe("the re-enable loop of issue 15", () => {
  it("ends with a handful of 401s, not one per loop", async () => {
    h = await createHarness({ manager: { testCooldownMs: 5000, maxWebhooksPerOwner: 25 } });
    const hook = h.fake.addWebhook();
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) {
      const res = await call(h, "POST", "", alice, { name: `Hook ${i}`, webhookUrl: wrong(hook, i), type: "CUSTOM", scope: "USER", enabled: i === 0 });
      expect(res.status).toBe(201);
      ids.push(res.json.webhook.id as string);
    }
    const patches: number[] = [];
    const errors: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      patches.push((await call(h, "PATCH", `/${ids[i % ids.length]!}`, alice, { enabled: true })).status);
      const result = await h.dispatcher.dispatch("CUSTOM", alert, { userId: alice.userId });
      for (const e of result.errors) errors.push(e.error.code);
    }
    const unauthorized = h.fake.stats().byStatus["401"] ?? 0;
    expect(unauthorized).toBeGreaterThanOrEqual(1);
    expect(unauthorized).toBeLessThanOrEqual(3);
    expect(h.fake.messages(hook.id)).toHaveLength(0);
    // Re-enabling was held (429 with Retry-After), and the deliveries that were not sent say why.
    expect(patches.filter((s) => s === 429).length).toBeGreaterThan(40);
    expect(errors).toContain("INVALID_REQUEST_BRAKE");
  });

  it("a Discord id that answered 401 is not called through any record until its back-off passes", async () => {
    h = await createHarness({ manager: { testCooldownMs: 0 } });
    const hook = h.fake.addWebhook();
    const records = [];
    for (let i = 0; i < 3; i += 1) records.push(await h.store.createWebhook({ name: `r${i}`, webhookUrl: wrong(hook, i), type: "CUSTOM", scope: "USER", userId: "user-alice", avatarUrl: null }));
    const first = await h.dispatcher.test(records[0]!.id);
    expect(first.status).toBe(401);
    for (const record of records.slice(1)) {
      const test = await h.dispatcher.test(record.id);
      expect(test.ok).toBe(false);
      expect(test.error).toBeInstanceOf(InvalidRequestBrakeError);
      expect((test.error as InvalidRequestBrakeError).reason).toBe("webhook");
      expect((test.error as InvalidRequestBrakeError).retryAfterMs).toBeGreaterThan(20_000);
      const verify = await h.dispatcher.verify(record.id);
      expect(verify.error).toBeInstanceOf(InvalidRequestBrakeError);
    }
    expect(h.fake.requests()).toHaveLength(1);
  });
});
