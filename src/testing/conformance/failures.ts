import assert from "node:assert/strict";
import { StoreError } from "../../errors.js";
import type { WebhookStore } from "../../types.js";
import { input } from "./fixtures.js";
import type { StoreConformanceOptions, SuiteContext } from "./types.js";

/** With a failing backend, every method rejects with a StoreError that keeps the driver error. */
export function failureTests(ctx: SuiteContext, failingFactory: NonNullable<StoreConformanceOptions["failingFactory"]>): void {
  const calls: [string, (s: WebhookStore) => Promise<unknown>][] = [
    ["findWebhooks", (s) => s.findWebhooks({ type: "GAME_SERVER", scopes: ["ADMIN", "USER"], userId: "user-1" })],
    ["getWebhook", (s) => s.getWebhook("some-id")],
    ["listWebhooks", (s) => s.listWebhooks({ userId: null })],
    ["createWebhook", (s) => s.createWebhook(input())],
    ["updateWebhook", (s) => s.updateWebhook("some-id", { name: "x" })],
    ["deleteWebhook", (s) => s.deleteWebhook("some-id")],
    ["markDelivered", (s) => s.markDelivered("some-id", new Date())],
    ["disableWebhook", (s) => s.disableWebhook("some-id", "gone")],
  ];
  if (ctx.options.markDeliveredMany !== false) {
    calls.push(["markDeliveredMany", (s) => (s.markDeliveredMany ? s.markDeliveredMany(["some-id"], new Date()) : Promise.resolve("absent"))]);
  }
  for (const [method, call] of calls) {
    ctx.it(`${method} rejects with a StoreError keeping the cause when the database fails`, async () => {
      const failing = await failingFactory();
      await assert.rejects(call(failing), (error: unknown) => {
        assert.ok(error instanceof StoreError, `expected StoreError, got ${String(error)}`);
        assert.equal(error.code, "STORE");
        assert.ok(error.cause !== undefined, "the driver error is kept as cause");
        assert.match(error.message, /^\[discord-webhook-dispatcher\] /);
        assert.doesNotMatch(error.message, /\n/, "the message is one line");
        assert.match(error.message, new RegExp(`${method} failed: \\S`), "the message names the action and what failed");
        if (ctx.options.adapter !== undefined) assert.equal(error.adapter, ctx.options.adapter);
        return true;
      });
    });
  }
}
