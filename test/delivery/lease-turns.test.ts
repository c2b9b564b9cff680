import { afterEach, describe, expect, it } from "vitest";
import { sleep } from "../../src/delivery/waiting.js";
import { memoryQueue } from "../../src/delivery/memory-state.js";
import type { DeliveryState } from "../../src/delivery/state.js";
import { createHarness, embed, SCALED_RATE_LIMIT, type Harness } from "./harness.js";

let h: Harness;
afterEach(async () => {
  await h.close();
});

/**
 * The memory state turned into one that sleeps short waits inside the lease, as the Redis and PostgreSQL states do
 * (the runner is called again with the same lease), counting the queue's head reads.
 */
function sleepingInLease(): { state: DeliveryState; heads: () => number } {
  const inner = memoryQueue();
  let heads = 0;
  const state: DeliveryState = {
    ...inner,
    head(laneId, n) {
      heads += 1;
      return inner.head(laneId, n);
    },
    serve(runner) {
      inner.serve(async (lease) => {
        let result = await runner(lease);
        while (!result.idle && result.retryInMs <= 250) {
          await sleep(result.retryInMs);
          result = await runner(lease);
        }
        return result;
      });
    },
  };
  return { state, heads: () => heads };
}

describe("a turn that waits inside its lease", () => {
  it("sends what it read without reading the queue again, in order, and what arrived meanwhile goes next", async () => {
    const { state, heads } = sleepingInLease();
    // One request per 40 ms for the whole process: every message after the first waits inside the lease.
    h = await createHarness({ dispatcher: { queue: state, rateLimit: { ...SCALED_RATE_LIMIT, globalLimit: 1, globalWindowMs: 40 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    // Different usernames: never packed together, one message each.
    const first = ["a", "b", "c"].map((u) => h.dispatcher.dispatch("CUSTOM", embed(`e-${u}`), { username: u }));
    await sleep(50); // the lane now waits for the window with b at its head
    const late = h.dispatcher.dispatch("CUSTOM", embed("e-d"), { username: "d" });
    const results = await Promise.all([...first, late]);
    expect(results.every((r) => r.success)).toBe(true);
    const messages = h.fake.messages(hook.id);
    expect(messages.map((m) => m.body.username)).toEqual(["a", "b", "c", "d"]);
    // One read per message and the last (empty) one: a turn that slept a wait sent the head it had read.
    expect(heads()).toBe(messages.length + 1);
  });
});
