import { afterEach, describe, expect, it } from "vitest";
import { memoryQueue } from "../../src/index.js";
import type { DeliveryState } from "../../src/state.js";
import { createHarness, embed, SCALED_RATE_LIMIT, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("waiting for a turn in the per-IP window (in process, against the Discord fake)", () => {
  it("wakes a lane far back in a fan-out once, when a place frees for it: two takes per delivery, none lost", async () => {
    const state = memoryQueue();
    let takes = 0;
    const counted: DeliveryState = {
      ...state,
      take: (request, policy) => {
        takes += 1;
        return state.take(request, policy);
      },
    };
    // 10 requests per 50 ms: 150 webhooks are 15 windows deep, the last lanes wait about three quarters of a second.
    h = await createHarness({ dispatcher: { queue: counted, rateLimit: { ...SCALED_RATE_LIMIT, globalLimit: 10, globalWindowMs: 50 } } });
    const webhooks = 150;
    for (let i = 0; i < webhooks; i++) await h.addWebhook({ type: "VPS", scope: "ADMIN", name: `w${i}` });
    const result = await h.dispatcher.dispatch("VPS", embed("fan-out"));
    expect(result.sent).toBe(webhooks);
    expect(h.fake.stats().rateLimited).toBe(0);
    // One take that is told to wait, and one when its turn comes (a third for the few lanes woken a millisecond
    // early); lanes that came back at estimated times took about three each (448-462 here).
    expect(takes).toBeGreaterThanOrEqual(webhooks);
    expect(takes).toBeLessThanOrEqual(webhooks * 2.5);
  });
});
