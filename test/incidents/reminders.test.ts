/**
 * Reminders without an event: a problem still open `repeatIntervalMs` after its message was posted is posted again
 * on its own ("⏰ Still open"), through a real dispatcher against the project's Discord fake. The dispatcher's clock
 * is moved by hand; the reminder timer runs in real time (a quarter of the interval, at least 250 ms): the interval
 * here is 1 s so that the timer looks every 250 ms.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, type Dispatcher } from "../../src/index.js";
import type { IncidentEvent } from "../../src/incidents/desk-types.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";

const INTERVAL = 1000;

let fake: DiscordFake;
beforeAll(async () => {
  fake = await createDiscordFake({
    webhookRateLimit: { limit: 1000, windowMs: 60_000 },
    globalRateLimit: false,
    channelRateLimit: false,
  });
});
afterAll(() => fake.close());

let hook: FakeWebhook;
let now: number;
let events: IncidentEvent[];
let open: Dispatcher[];
beforeEach(() => {
  fake.reset();
  hook = fake.addWebhook();
  now = Date.UTC(2026, 11, 4, 6, 0);
  events = [];
  open = [];
});
afterEach(async () => {
  await Promise.all(open.map((d) => d.close()));
});

/** The one webhook of these tests, as a memory store seed. */
const opsHook = () => [{ id: "ops", name: "ops", webhookUrl: hook.url, type: "GAME_SERVER" as const, scope: "ADMIN" as const }];

function setup(extra: Partial<Parameters<typeof createDispatcher>[0]> = {}): Dispatcher {
  const store = memoryStore(opsHook());
  const dispatcher = createDispatcher({
    store,
    ...fake.dispatcherOptions(),
    now: () => new Date(now),
    hooks: { onIncident: (e) => events.push(e) },
    incidents: { repeatIntervalMs: INTERVAL },
    ...extra,
  });
  open.push(dispatcher);
  return dispatcher;
}
const crash = { serverName: "mc-1", state: "crashed" as const };
const titles = (): string[] => fake.messages(hook.id).map((m) => ((m.body.embeds ?? []) as { title?: string }[])[0]?.title ?? "");
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out; messages: ${JSON.stringify(titles())}`);
    await sleep(20);
  }
}

describe("reminders of problems left open", () => {
  it("a crash nobody resolved is posted again after repeatIntervalMs with no new event, then edited by the next crash", async () => {
    const d = setup();
    await d.serverStateChange(crash);
    await d.serverStateChange(crash);
    expect(titles()).toHaveLength(1);
    now += INTERVAL - 100;
    await sleep(700);
    expect(titles(), "not due yet").toHaveLength(1);

    now += 100;
    // The fake holds the message a moment before the dispatcher has its answer (and calls onIncident).
    await until(() => titles().length === 2 && events.at(-1)?.action === "reposted");
    expect(titles()[1]).toBe("⏰ Still open · 💥 Server crashed");
    const reminder = fake.messages(hook.id)[1]!;
    expect(JSON.stringify(reminder.body.embeds)).toContain("crashed 2 times");
    expect(events.at(-1)).toMatchObject({
      key: "server:mc-1",
      action: "reposted",
      status: "firing",
      count: 2,
      messageId: reminder.id,
    });
    await sleep(700);
    expect(titles(), "one reminder per interval").toHaveLength(2);

    // The reminder is the tracked message now: the next crash edits it.
    const next = await d.serverStateChange(crash);
    expect(next.deliveries[0]).toMatchObject({
      action: "edited",
      messageIds: [reminder.id],
    });
    expect(titles()).toHaveLength(2);
    expect(JSON.stringify(fake.messages(hook.id)[1]!.body.embeds)).toContain("crashed 3 times");
  });

  it("a resolved problem is never reminded", async () => {
    const d = setup();
    await d.serverStateChange(crash);
    await d.serverStateChange({ serverName: "mc-1", state: "online" });
    now += 3 * INTERVAL;
    await sleep(800);
    expect(titles()).toHaveLength(1);
    expect(events.map((e) => e.action)).toEqual(["posted", "edited"]);
  });

  it("a silenced problem is not reminded; its reminder comes an interval later, once", async () => {
    const d = setup();
    await d.serverStateChange(crash);
    const silence = await d.silence({
      key: "server:mc-1",
      forMs: 2 * INTERVAL,
    });
    now += INTERVAL;
    await sleep(800);
    expect(titles(), "silenced").toHaveLength(1);
    await d.unsilence(silence.id);
    await sleep(500);
    expect(titles(), "postponed by one interval, not sent at once").toHaveLength(1);
    now += INTERVAL;
    await until(() => titles().length === 2);
    await sleep(600);
    expect(titles()).toEqual(["💥 Server crashed", "⏰ Still open · 💥 Server crashed"]);
  });

  it("close() stops them; a disabled webhook gets none", async () => {
    const closed = setup();
    await closed.serverStateChange(crash);
    await closed.close();
    now += INTERVAL;
    await sleep(800);
    expect(titles(), "closed").toHaveLength(1);

    const store = memoryStore(opsHook());
    const d = setup({ store });
    await d.serverStateChange({ serverName: "mc-2", state: "crashed" });
    expect(titles()).toHaveLength(2);
    await store.updateWebhook("ops", { enabled: false });
    now += INTERVAL;
    await sleep(800);
    expect(titles(), "disabled").toHaveLength(2);
  });
});
