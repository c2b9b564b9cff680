/**
 * `runDeliveryLogConformance`: the contract of a `DeliveryLog`, checked against any implementation and runner.
 */
import assert from "node:assert/strict";
import { newEntryId } from "../../delivery-log/ids.js";
import type { DeliveryLog, DeliveryLogEntry, DeliveryLogRetention } from "../../delivery-log/types.js";
import { StoreError, ValidationError } from "../../errors.js";
import type { ConformanceHarness } from "../conformance/types.js";

/** Options of {@link runDeliveryLogConformance}. */
export interface DeliveryLogConformanceOptions {
  /** Shown as the suite's name, e.g. `"drizzle (sqlite)"`. */
  name: string;
  /** Creates the log under test with the given retention. Called inside each test, after `reset`. */
  factory: (retention: DeliveryLogRetention) => DeliveryLog | Promise<DeliveryLog>;
  /** Empties the backing table / keys. Called before every test. */
  reset: () => void | Promise<void>;
  /**
   * Reads what the backend holds for one entry, bypassing the log (a row, a Redis value), as any JSON-able value;
   * `null` when there is none. The suite checks that it holds the entry and no token.
   */
  readRaw: (id: string) => Promise<unknown>;
  /** Your test runner's `describe`, `it` and `beforeEach`. */
  harness: ConformanceHarness;
  /** A log whose backend fails every call; when given, the suite checks every method rejects with a `StoreError`. */
  failingFactory?: () => DeliveryLog | Promise<DeliveryLog>;
}

const TOKEN = "made-up-token-Zq9xY8wV7uT6sR5qP4oN3mL2kJ1";
let sequence = 0;

/** A made-up entry; `minutesAgo` sets its time. */
export function sampleEntry(webhookId: string, over: Partial<DeliveryLogEntry> = {}, minutesAgo = 0): DeliveryLogEntry {
  const createdAt = new Date(Math.floor(Date.now() / 1000) * 1000 - minutesAgo * 60_000 + (sequence++ % 1000));
  return {
    id: newEntryId(createdAt),
    webhookId,
    family: "serverStateChange",
    type: "GAME_SERVER",
    incidentKey: null,
    incidentAction: null,
    status: "delivered",
    attempts: 1,
    httpStatus: 200,
    discordCode: null,
    errorCode: null,
    errorMessage: null,
    latencyMs: 42,
    messageIds: ["1300000000000000001"],
    body: JSON.stringify({ allowed_mentions: { parse: [] }, embeds: [{ title: "mc-1 crashed — ✓ ünïcode" }] }),
    bodyTruncated: false,
    resendOf: null,
    createdAt,
    ...over,
  };
}

/**
 * Registers the `DeliveryLog` conformance suite with your test runner (vitest, jest, `node:test`). Every log of
 * this package passes it. It writes made-up entries, checks what the log answers and, through `readRaw`, what the
 * backend holds.
 *
 * @example
 * ```ts
 * import { describe, it, beforeEach } from "vitest";
 * import { runDeliveryLogConformance } from "discord-webhook-dispatcher/testing";
 *
 * runDeliveryLogConformance({
 *   name: "my log", harness: { describe, it, beforeEach },
 *   factory: (retention) => myDeliveryLog(db, retention),
 *   reset: () => db.execute('DELETE FROM "DiscordWebhookDelivery"'),
 *   readRaw: (id) => readRowStraightFromTheDatabase(id),
 * });
 * ```
 */
export function runDeliveryLogConformance(options: DeliveryLogConformanceOptions): void {
  const { describe, it, beforeEach } = options.harness;
  const make = async (retention: DeliveryLogRetention = {}): Promise<DeliveryLog> => options.factory(retention);
  describe(`DeliveryLog conformance: ${options.name}`, () => {
    beforeEach(async () => {
      await options.reset();
    });

    it("append then get and list give every field back as written", async () => {
      const log = await make();
      const failed = sampleEntry("wh-1", { status: "failed", attempts: 2, httpStatus: 404, discordCode: 10015, errorCode: "WEBHOOK_DISABLED", errorMessage: "Discord answered 404", latencyMs: null, messageIds: [], incidentKey: "node-7", incidentAction: "open", resendOf: "0000000000000000000", bodyTruncated: true, family: "dispatch", type: "VPS" });
      const delivered = sampleEntry("wh-1", { messageIds: ["1300000000000000002", "1300000000000000003"] });
      await log.append([failed, delivered]);
      assert.deepEqual(await log.get(failed.id), failed);
      assert.deepEqual(await log.list("wh-1"), [delivered, failed]);
      assert.equal(await log.get("unknown0000000000000"), null);
      const raw = JSON.stringify(await options.readRaw(failed.id));
      assert.ok(raw.includes("10015") && raw.includes("WEBHOOK_DISABLED"), "the backend holds the entry");
      assert.ok(raw.includes("mc-1 crashed"), "the backend holds the body");
    });

    it("list is newest first, per webhook, and honours status, before, since and limit", async () => {
      const log = await make();
      const old = sampleEntry("wh-1", { status: "failed" }, 30);
      const mid = sampleEntry("wh-1", {}, 20);
      const other = sampleEntry("wh-2", {}, 15);
      const recent = sampleEntry("wh-1", { status: "failed" }, 10);
      await log.append([old, mid, other]);
      await log.append([recent]);
      const ids = async (q: Parameters<DeliveryLog["list"]>[1]) => (await log.list("wh-1", q)).map((e) => e.id);
      assert.deepEqual(await ids({}), [recent.id, mid.id, old.id]);
      assert.deepEqual(await ids({ status: "failed" }), [recent.id, old.id]);
      assert.deepEqual(await ids({ before: recent.id }), [mid.id, old.id]);
      assert.deepEqual(await ids({ before: new Date(Date.now() - 25 * 60_000) }), [old.id]);
      assert.deepEqual(await ids({ since: new Date(Date.now() - 25 * 60_000) }), [recent.id, mid.id]);
      assert.deepEqual(await ids({ limit: 1 }), [recent.id]);
      assert.deepEqual((await log.list("wh-2")).map((e) => e.id), [other.id]);
      assert.deepEqual(await log.list("wh-none"), []);
    });

    it("keeps at most maxPerWebhook entries per webhook, the newest", async () => {
      const log = await make({ maxPerWebhook: 3 });
      const entries = [5, 4, 3, 2, 1].map((m) => sampleEntry("wh-1", {}, m));
      await log.append(entries.slice(0, 2));
      await log.append(entries.slice(2));
      await log.append([sampleEntry("wh-2")]);
      const kept = (await log.list("wh-1", { limit: 500 })).map((e) => e.id);
      assert.deepEqual(kept, entries.slice(2).reverse().map((e) => e.id));
      assert.equal(await log.get(entries[0]?.id ?? ""), null);
      assert.equal(await options.readRaw(entries[0]?.id ?? ""), null, "pruned entries are gone from the backend");
    });

    it("drops entries older than maxAgeMs", async () => {
      const log = await make({ maxAgeMs: 60 * 60_000 });
      const ancient = sampleEntry("wh-1", {}, 120);
      const fresh = sampleEntry("wh-1", {}, 1);
      await log.append([ancient]);
      await log.append([fresh]);
      assert.deepEqual((await log.list("wh-1")).map((e) => e.id), [fresh.id]);
    });

    it("writes no token when given none, and refuses a bad query with a ValidationError", async () => {
      const log = await make();
      const entry = sampleEntry("wh-1", { errorMessage: "failed: https://discord.com/api/v10/webhooks/1300000000000000009/***" });
      await log.append([entry]);
      assert.ok(!JSON.stringify(await options.readRaw(entry.id)).includes(TOKEN));
      await assert.rejects(log.list("wh-1", { limit: 0 }), ValidationError);
      await assert.rejects(log.list("wh-1", { status: "lost" as never }), ValidationError);
      await assert.rejects(log.list("wh-1", { before: "'; DROP TABLE x; --" }), ValidationError);
    });

    const { failingFactory } = options;
    if (failingFactory) {
      it("rejects with a StoreError that keeps the driver's error when the backend fails", async () => {
        const log = await failingFactory();
        for (const call of [() => log.append([sampleEntry("wh-1")]), () => log.list("wh-1"), () => log.get("x")]) {
          const error: unknown = await call().then(() => undefined, (e: unknown) => e);
          assert.ok(error instanceof StoreError, "a StoreError");
          assert.ok(error.cause !== undefined, "the driver's error is kept as cause");
        }
      });
    }
  });
}
