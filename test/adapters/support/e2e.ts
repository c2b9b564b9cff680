/**
 * End to end with a real dispatcher: the Discord fake answers, the store under test records the outcome in the
 * database, and the test reads the rows back raw. Registered by each database's test file (one shared instance each).
 */
import { expect } from "vitest";
import { createDispatcher, fetchTransport, type WebhookStore } from "../../../src/index.js";
import { createDiscordFake, type RawWebhookRow } from "../../../src/testing/index.js";

export interface EndToEndOptions {
  /** Which store, shown in the test name. */
  name: string;
  it: (name: string, fn: () => Promise<void>) => unknown;
  store: () => WebhookStore;
  reset: () => void | Promise<void>;
  readRaw: (id: string) => Promise<RawWebhookRow | null>;
  /** Whether the table has the optional `disabledReason` column. */
  keepsReason: boolean;
}

const NOW = new Date("2026-03-01T10:00:00.123Z");

/** Registers the dispatcher round trip: a delivery sets testSuccessAt, a 404 disables the row for good. */
export function endToEndTests({ name, it, store, reset, readRaw, keepsReason }: EndToEndOptions): void {
  it(`${name}: dispatcher → Discord fake: delivery sets testSuccessAt, 404 Unknown Webhook disables the row`, async () => {
    await reset();
    const fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
    const s = store();
    const reasons: string[] = [];
    const dispatcher = createDispatcher({
      hooks: { onDisabled: (event) => reasons.push(event.reason) },
      store: s,
      transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 5000 }),
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10, random: () => 0.5 },
      now: () => new Date(NOW),
    });
    try {
      const live = fake.addWebhook();
      const gone = fake.addWebhook();
      const a = await s.createWebhook({ name: "live", webhookUrl: live.url, type: "GAME_SERVER", scope: "ADMIN" });
      const b = await s.createWebhook({ name: "gone", webhookUrl: gone.url, type: "GAME_SERVER", scope: "ADMIN" });
      fake.removeWebhook(gone.id);

      const first = await dispatcher.dispatch("GAME_SERVER", { title: "mc-1 crashed", description: "exit code 137" });
      expect(first.sent).toBe(1);
      expect(first.failed).toBe(1);
      expect(fake.messages(live.id)).toHaveLength(1);

      const delivered = await readRaw(a.id);
      expect(delivered?.enabled).toBe(true);
      expect(delivered?.testSuccessAt?.toISOString()).toBe(NOW.toISOString());
      const disabled = await readRaw(b.id);
      expect(disabled?.enabled).toBe(false);
      if (keepsReason) {
        expect(disabled?.disabledReason).toMatch(/\S/);
        expect(disabled?.disabledReason).not.toContain(gone.token);
      } else {
        expect(disabled?.disabledReason).toBeNull();
      }
      expect(disabled?.testSuccessAt).toBeNull();
      // With or without the column, the reason reaches the hooks (and the logs).
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(/404/);
      expect(reasons[0]).not.toContain(gone.token);

      // The disabled row is no longer routed: the next event reaches the live webhook only.
      const second = await dispatcher.dispatch("GAME_SERVER", { title: "mc-1 restarted" });
      expect(second.deliveries).toHaveLength(1);
      expect(second.sent).toBe(1);
    } finally {
      await dispatcher.close({ timeoutMs: 1000 });
      await fake.close();
    }
  });
}
