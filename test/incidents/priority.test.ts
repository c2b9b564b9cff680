/** Priority against the Discord fake: what fires or resolves a problem overtakes routine posts waiting in its lane. */
import { afterEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";

let fake: DiscordFake | undefined;
afterEach(() => fake?.close());

describe("priority in the lane", () => {
  it("a crash overtakes the routine posts waiting behind a rate limit; order within a problem holds", async () => {
    fake = await createDiscordFake({ webhookRateLimit: { limit: 1, windowMs: 400 }, globalRateLimit: false, channelRateLimit: false });
    const hook = fake.addWebhook();
    const store = memoryStore([{ name: "ops", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]);
    const dispatcher = createDispatcher({ store, ...fake.dispatcherOptions(), incidents: {} });
    // Different content: never packed together, so each is a message of its own.
    const routine = [1, 2, 3, 4].map((n) => dispatcher.serverStateChange({ serverName: `mc-r${String(n)}`, state: "starting" }, { content: `routine ${String(n)}` }));
    const crash = dispatcher.serverStateChange({ serverName: "mc-9", state: "crashed" });
    await Promise.all([...routine, crash]);
    const order = fake.messages(hook.id).map((m) => (typeof m.body.content === "string" ? m.body.content : "crash"));
    // The first routine post may already be on its way; the crash passes every one still waiting.
    expect(order.slice(-3)).toEqual(["routine 2", "routine 3", "routine 4"]);
    expect(order.slice(0, 2).sort()).toEqual(["crash", "routine 1"]);

    await dispatcher.close();
    await fake.close();

    // A routine post (incident: false) waiting behind n1's cpu resolve is passed by n1's cpu firing, which stays behind
    // the resolve of its own problem. A window of 1 s: both calls reach the lane long before "first"'s window ends,
    // however slow the machine.
    fake = await createDiscordFake({ webhookRateLimit: { limit: 1, windowMs: 1000 }, globalRateLimit: false, channelRateLimit: false });
    const hook2 = fake.addWebhook();
    const nodes = createDispatcher({ store: memoryStore([{ name: "ops2", webhookUrl: hook2.url, type: "VPS", scope: "ADMIN" }]), ...fake.dispatcherOptions(), incidents: {} });
    const calls = [
      nodes.nodeAlert({ node: "n1", resource: "cpu", usage: 10 }, { content: "first" }),
      nodes.nodeAlert({ node: "n1", resource: "disk", usage: 10 }, { content: "routine", incident: false }),
      nodes.nodeAlert({ node: "n1", resource: "cpu", usage: 90 }),
    ];
    await Promise.all(calls);
    const second = fake.messages(hook2.id).map((m) => (typeof m.body.content === "string" ? m.body.content : "cpu firing"));
    expect(second).toEqual(["first", "cpu firing", "routine"]);
    await nodes.close();
  });
});
