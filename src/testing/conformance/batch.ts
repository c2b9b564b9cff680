import assert from "node:assert/strict";
import { assertDate, assertSameAsRaw, input } from "./fixtures.js";
import type { SuiteContext } from "./types.js";

/** The optional `markDeliveredMany(ids, at)`: present unless the options say otherwise, and then like `markDelivered` per id. */
export function batchTests(ctx: SuiteContext): void {
  const { it, store } = ctx;
  const raw = (id: string) => ctx.options.readRaw(id);

  if (ctx.options.markDeliveredMany === false) {
    it("markDeliveredMany is absent, as the options say (callers fall back to markDelivered)", () => {
      assert.equal("markDeliveredMany" in store(), false);
      return Promise.resolve();
    });
    return;
  }
  const batch = async (ids: readonly string[], at: Date): Promise<void> => {
    const s = store();
    if (!s.markDeliveredMany) assert.fail("the store implements markDeliveredMany (or pass markDeliveredMany: false)");
    await s.markDeliveredMany(ids, at);
  };

  it("markDeliveredMany sets testSuccessAt on every listed row and only there, ignoring unknown ids", async () => {
    const [a, b, c] = [await store().createWebhook(input()), await store().createWebhook(input()), await store().createWebhook(input())];
    const at = new Date("2026-04-05T06:07:08.901Z");
    await batch([a.id, "no-such-id", c.id, a.id], at);
    for (const row of [a, c]) {
      const got = await store().getWebhook(row.id);
      assert.ok(got);
      assertDate(got.testSuccessAt, at, "testSuccessAt");
      assert.deepEqual({ ...got, testSuccessAt: null }, row, "nothing else changes");
      assertSameAsRaw(got, await raw(row.id));
    }
    assert.equal((await raw(b.id))?.testSuccessAt, null, "an unlisted row keeps testSuccessAt");
  });

  it("markDeliveredMany with no ids does nothing, and with many ids reaches every row", async () => {
    const created = await store().createWebhook(input());
    await batch([], new Date());
    assert.equal((await raw(created.id))?.testSuccessAt, null);
    const at = new Date("2026-04-05T06:07:09.002Z");
    const unknown = Array.from({ length: 1200 }, (_, i) => `missing-${i}`);
    await batch([...unknown, created.id], at);
    assertDate((await raw(created.id))?.testSuccessAt ?? null, at, "raw testSuccessAt");
    const disabled = await store().createWebhook(input());
    await store().disableWebhook(disabled.id, "gone");
    await batch([disabled.id], at);
    const row = await raw(disabled.id);
    assert.ok(row);
    assert.equal(row.enabled, false, "marking delivered never enables a row");
    assertDate(row.testSuccessAt, at, "testSuccessAt of a disabled row");
  });
}
