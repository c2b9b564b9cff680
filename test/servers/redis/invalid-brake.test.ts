/**
 * Issue 15 item 2 in durable mode: the invalid-request count lives in Redis, shared by every process of a prefix,
 * so a process that never saw an invalid answer itself still brakes once the others brought the count near the ban.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import type { DeliveryState, LimitPolicy } from "../../../src/delivery/state.js";
import { createDispatcher, fetchTransport, InvalidRequestBrakeError, type Dispatcher } from "../../../src/index.js";
import { redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake, type DiscordFake } from "../../../src/testing/index.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const fake: DiscordFake = await createDiscordFake();
const POLICY: LimitPolicy = { globalLimit: 0, globalWindowMs: 1000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 2000 };
const states: DeliveryState[] = [];
const dispatchers: Dispatcher[] = [];
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })));
  await Promise.all(states.splice(0).map((s) => s.close()));
});
afterAll(() => fake.close());

/** Another process of the prefix: it was answered 401 `count` times. */
async function invalidAnswersElsewhere(prefix: string, count: number): Promise<void> {
  const other = redisQueue({ connection: url, prefix });
  states.push(other);
  for (let i = 0; i < count; i += 1) {
    const ticket = await other.take({ webhookId: `40000000000000000${i}`, method: "POST" }, POLICY);
    if (typeof ticket === "number") throw new Error("expected a ticket");
    await other.learn(ticket, { status: 401, headers: {} }, POLICY);
  }
}

describe("the invalid-request brake with redisQueue()", () => {
  it("refuses in a process that saw none of the invalid answers itself", async () => {
    const prefix = freshPrefix();
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w0", name: "good", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const rateLimit = { invalidRequestSlowAt: 3, invalidRequestRefuseAt: 3 };
    const dispatcher = createDispatcher({ store, queue: redisQueue({ connection: url, prefix, leaseMs: 2000 }), rateLimit, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 }) });
    dispatchers.push(dispatcher);
    expect((await dispatcher.dispatch("CUSTOM", { title: "before" })).sent).toBe(1);
    await invalidAnswersElsewhere(prefix, 3);
    // Its own count (0, from its last answer) is trusted for a second at most; then it reads the shared one.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await dispatcher.stats()).invalidRequests).toBe(3);
    const result = await dispatcher.dispatch("CUSTOM", { title: "after" });
    const error = result.deliveries[0]?.error;
    expect(error).toBeInstanceOf(InvalidRequestBrakeError);
    expect(error).toMatchObject({ code: "INVALID_REQUEST_BRAKE", reason: "threshold", invalidRequests: 3 });
    expect((await dispatcher.verify("w0")).error).toBeInstanceOf(InvalidRequestBrakeError);
    expect(fake.messages(hook.id)).toHaveLength(1);
  });
});
