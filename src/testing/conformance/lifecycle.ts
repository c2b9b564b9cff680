import assert from "node:assert/strict";
import { assertDate, assertSameAsRaw, input } from "./fixtures.js";
import type { SuiteContext } from "./types.js";

/** markDelivered, disableWebhook, Date round-trips and concurrent writes to one row. */
export function lifecycleTests(ctx: SuiteContext): void {
  const { it, store } = ctx;
  const raw = (id: string) => ctx.options.readRaw(id);

  it("markDelivered sets testSuccessAt to the millisecond and nothing else", async () => {
    const created = await store().createWebhook(input());
    const at = new Date("2026-01-02T03:04:05.678Z");
    await store().markDelivered(created.id, at);
    const got = await store().getWebhook(created.id);
    assert.ok(got);
    assertDate(got.testSuccessAt, at, "testSuccessAt");
    assert.deepEqual({ ...got, testSuccessAt: null }, created);
    assertSameAsRaw(got, await raw(created.id));
    const later = new Date("2026-01-02T03:04:06.001Z");
    await store().markDelivered(created.id, later);
    assertDate((await raw(created.id))?.testSuccessAt ?? null, later, "raw testSuccessAt");
  });

  it("markDelivered and disableWebhook ignore unknown ids", async () => {
    const created = await store().createWebhook(input());
    await store().markDelivered("no-such-id", new Date());
    await store().disableWebhook("no-such-id", "gone");
    assert.deepEqual(await store().getWebhook(created.id), created);
  });

  it("disableWebhook disables the row, records why, and is idempotent", async () => {
    const created = await store().createWebhook(input({ type: "VPS", scope: "PUBLIC" }));
    await store().disableWebhook(created.id, "Discord answered 404 Unknown Webhook");
    const got = await store().getWebhook(created.id);
    assert.ok(got);
    assert.equal(got.enabled, false);
    assert.equal(got.disabledReason, ctx.reason("Discord answered 404 Unknown Webhook"));
    assertSameAsRaw(got, await raw(created.id));
    await store().disableWebhook(created.id, "Discord answered 404 Unknown Webhook");
    const again = await raw(created.id);
    assert.ok(again);
    assert.equal(again.enabled, false);
    assert.equal(again.disabledReason, ctx.reason("Discord answered 404 Unknown Webhook"));
    assert.deepEqual(await store().findWebhooks({ type: "VPS", scopes: ["PUBLIC"] }), []);
  });

  it("a long disable reason is shortened to 191 characters ending in …, and still disables the row", async () => {
    const created = await store().createWebhook(input());
    const long = `Discord answered 404 Unknown Webhook ${"é🚀".repeat(200)}`;
    await store().disableWebhook(created.id, long);
    const row = await raw(created.id);
    assert.ok(row);
    assert.equal(row.enabled, false);
    const got = await store().getWebhook(created.id);
    assert.equal(got?.disabledReason ?? null, row.disabledReason);
    if (ctx.reason(long) === null) {
      assert.equal(row.disabledReason, null, "without the column no reason is stored");
      return;
    }
    assert.ok(row.disabledReason !== null);
    const kept = Array.from(row.disabledReason);
    assert.equal(kept.length, 191, "every store keeps the same 191 characters (code points)");
    assert.equal(kept.at(-1), "…");
    assert.ok(long.startsWith(row.disabledReason.slice(0, -1)), "the kept reason is the start of the given one");
  });

  it("concurrent disableWebhook and markDelivered on one row both take effect", async () => {
    for (let round = 0; round < 5; round++) {
      const created = await store().createWebhook(input());
      const at = new Date(Date.UTC(2026, 4, 6, 7, 8, 9, 100 + round));
      await Promise.all([store().disableWebhook(created.id, `reason ${round}`), store().markDelivered(created.id, at)]);
      const row = await raw(created.id);
      assert.ok(row);
      assert.equal(row.enabled, false);
      assert.equal(row.disabledReason, ctx.reason(`reason ${round}`));
      assertDate(row.testSuccessAt, at, "testSuccessAt");
      const reversed = await store().createWebhook(input());
      await Promise.all([store().markDelivered(reversed.id, at), store().disableWebhook(reversed.id, "late")]);
      const other = await raw(reversed.id);
      assert.ok(other);
      assert.equal(other.enabled, false);
      assertDate(other.testSuccessAt, at, "testSuccessAt");
    }
  });

  it("dates keep their millisecond through every read path", async () => {
    const created = await store().createWebhook(input({ type: "CUSTOM" }));
    const stamps = ["1999-12-31T23:59:59.999Z", "2038-01-19T03:14:08.001Z", "2026-06-15T12:00:00.000Z"];
    for (const stamp of stamps) {
      const at = new Date(stamp);
      await store().markDelivered(created.id, at);
      const [viaGet, viaList, viaFind, rawRow] = await Promise.all([
        store().getWebhook(created.id),
        store().listWebhooks({ type: "CUSTOM" }),
        store().findWebhooks({ type: "CUSTOM", scopes: ["ADMIN"] }),
        raw(created.id),
      ]);
      for (const seen of [viaGet?.testSuccessAt, viaList[0]?.testSuccessAt, viaFind[0]?.testSuccessAt, rawRow?.testSuccessAt]) {
        assertDate(seen ?? null, at, `testSuccessAt ${stamp}`);
      }
      assertDate(viaGet?.createdAt ?? null, created.createdAt, "createdAt");
      assertDate(rawRow?.createdAt ?? null, created.createdAt, "raw createdAt");
    }
  });
}
