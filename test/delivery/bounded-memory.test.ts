/**
 * Issue 15 item 9: what the engine keeps per webhook (lanes, cached records, rate-limit buckets, channels and
 * windows) is dropped once the webhook is idle, so webhooks served once cost nothing ten minutes later.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";

// Each one is a real HTTP request to the fake, whose cost per request grows with the requests it holds; 300 keeps
// the test within seconds and shows the same as 100,000: what is held falls back to 0, whatever was ever seen.
const WEBHOOKS = 300;

let fake: DiscordFake | undefined;
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await dispatcher?.close({ timeoutMs: 1000 });
  await fake?.close();
});

describe("bounded memory", () => {
  it(`keeps nothing for ${WEBHOOKS} webhooks once they are idle`, { timeout: 120_000 }, async () => {
    // Only the monotonic clock is faked (buckets, windows and the record cache read it); sockets and timers are real.
    vi.useFakeTimers({ toFake: ["performance"] });
    fake = await createDiscordFake({ globalRateLimit: false, channelRateLimit: false });
    const hooks = Array.from({ length: WEBHOOKS }, () => fake!.addWebhook());
    const store = memoryStore(hooks.map((h, i) => ({ id: `w${i}`, name: `hook ${i}`, webhookUrl: h.url, type: "CUSTOM" as const, scope: "ADMIN" as const })));
    dispatcher = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }), rateLimit: { globalLimit: 0 } });

    const result = await dispatcher.dispatch("CUSTOM", { title: "to everyone" });
    expect(result.sent).toBe(WEBHOOKS);
    expect(fake.requests()).toHaveLength(WEBHOOKS);
    // Right after: each webhook's bucket (reset not passed yet) and record (cached for a few seconds) are held.
    expect((await dispatcher.stats()).tracked).toBeGreaterThanOrEqual(WEBHOOKS);

    vi.advanceTimersByTime(10 * 60_000);
    const stats = await dispatcher.stats();
    expect(stats.tracked).toBe(0);
    expect(stats.openDeliveries).toBe(0);

    // Forgetting costs nothing in behaviour: the next message is delivered as before.
    expect((await dispatcher.test("w0")).ok).toBe(true);
    expect(fake.messages(hooks[0]!.id)).toHaveLength(2);
  });
});
