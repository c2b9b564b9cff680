import type { WebhookStore } from "../../types.js";
import { crudTests } from "./crud.js";
import { failureTests } from "./failures.js";
import { lifecycleTests } from "./lifecycle.js";
import { routingTests } from "./routing.js";
import type { StoreConformanceOptions, SuiteContext } from "./types.js";
import { uniquenessTests } from "./uniqueness.js";

import { batchTests } from "./batch.js";

export type { ConformanceHarness, RawWebhookRow, StoreConformanceOptions } from "./types.js";
export { CONFORMANCE_USER_IDS } from "./types.js";

/**
 * Registers the `WebhookStore` conformance suite with your test runner. Every adapter of this package passes it;
 * run it against your own store to prove it behaves the same. The suite checks what the store returns and, through
 * `readRaw`, what it wrote to the database. It uses `node:assert/strict`, so it runs under vitest, jest or `node:test`.
 *
 * @example
 * ```ts
 * import { describe, it, beforeEach } from "vitest";
 * import { runStoreConformance } from "discord-webhook-dispatcher/testing";
 *
 * runStoreConformance({
 *   name: "my store",
 *   factory: () => myStore(db),
 *   reset: () => db.execute("DELETE FROM \"DiscordWebhook\""),
 *   readRaw: (id) => readRowStraightFromTheDatabase(id),
 *   harness: { describe, it, beforeEach },
 * });
 * ```
 */
export function runStoreConformance(options: StoreConformanceOptions): void {
  const { describe, it, beforeEach } = options.harness;
  let current: WebhookStore | undefined;
  const keepsReason = options.platformTable?.disabledReason ?? true;
  const ctx: SuiteContext = {
    options,
    it,
    reason: (reason) => (keepsReason ? reason : null),
    store: () => {
      if (!current) throw new Error("runStoreConformance: the store is created in beforeEach; call it only inside a test");
      return current;
    },
  };
  const profile = options.platformTable ? ` on the platform's table (${keepsReason ? "with" : "without"} disabledReason)` : "";
  describe(`WebhookStore conformance: ${options.name}${profile}`, () => {
    beforeEach(async () => {
      current = undefined;
      await options.reset();
      current = await options.factory();
    });
    describe("create, get, update, delete", () => { crudTests(ctx); });
    describe("find and list", () => { routingTests(ctx); });
    describe("uniqueness of (webhookUrl, userId)", () => { uniquenessTests(ctx); });
    describe("delivery marks, disabling and dates", () => { lifecycleTests(ctx); });
    describe("markDeliveredMany (optional)", () => { batchTests(ctx); });
    const { failingFactory } = options;
    if (failingFactory) describe("database failures", () => { failureTests(ctx, failingFactory); });
  });
}
