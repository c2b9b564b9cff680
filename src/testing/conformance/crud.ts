import assert from "node:assert/strict";
import { assertDate, assertRecordShape, assertSameAsRaw, CUID, input, webhookUrl } from "./fixtures.js";
import type { SuiteContext } from "./types.js";

/** createWebhook, getWebhook, updateWebhook and deleteWebhook. */
export function crudTests(ctx: SuiteContext): void {
  const { it, store } = ctx;
  const raw = (id: string) => ctx.options.readRaw(id);

  it("createWebhook stores the row with defaults and returns it", async () => {
    const before = Date.now();
    const created = await store().createWebhook(input({ name: "Ops 🚀 alerts" }));
    assertRecordShape(created);
    assert.equal(created.name, "Ops 🚀 alerts");
    assert.equal(created.enabled, true);
    assert.equal(created.testSuccessAt, null);
    assert.equal(created.avatarUrl, null);
    assert.equal(created.userId, null);
    assert.equal(created.disabledReason, null);
    assert.ok(created.createdAt.getTime() >= before - 1000 && created.createdAt.getTime() <= Date.now() + 1000, "createdAt is about now");
    assertSameAsRaw(created, await raw(created.id));
  });

  it("createWebhook keeps every given field", async () => {
    const given = input({ type: "BILLING", scope: "USER", userId: "user-1", avatarUrl: "https://cdn.example.com/a.png", enabled: false });
    const created = await store().createWebhook(given);
    assert.equal(created.webhookUrl, given.webhookUrl);
    assert.equal(created.type, "BILLING");
    assert.equal(created.scope, "USER");
    assert.equal(created.userId, "user-1");
    assert.equal(created.avatarUrl, "https://cdn.example.com/a.png");
    assert.equal(created.enabled, false);
    assertSameAsRaw(created, await raw(created.id));
  });

  it("createWebhook gives every row its own id", async () => {
    const a = await store().createWebhook(input());
    const b = await store().createWebhook(input());
    assert.notEqual(a.id, b.id);
    if (ctx.options.platformTable) {
      for (const id of [a.id, b.id]) assert.match(id, CUID, "ids are shaped like Prisma's cuid(), as the platform's other rows");
    }
  });

  it("getWebhook returns the stored record, and null for an unknown id", async () => {
    const created = await store().createWebhook(input({ userId: "user-2", scope: "USER" }));
    const got = await store().getWebhook(created.id);
    assert.ok(got);
    assertRecordShape(got);
    assert.deepEqual(got, created);
    assert.equal(await store().getWebhook("00000000-0000-4000-8000-000000000000"), null);
    assert.equal(await store().getWebhook("no-such-id"), null);
  });

  it("returned records are copies the caller may change", async () => {
    const created = await store().createWebhook(input());
    created.name = "changed by the caller";
    created.createdAt.setTime(0);
    const got = await store().getWebhook(created.id);
    assert.ok(got);
    assert.equal(got.name, "ops alerts");
    assert.notEqual(got.createdAt.getTime(), 0);
  });

  it("updateWebhook changes given fields, leaves undefined ones and clears null ones", async () => {
    const created = await store().createWebhook(input({ userId: "user-3", avatarUrl: "https://cdn.example.com/x.png" }));
    const url = webhookUrl();
    const updated = await store().updateWebhook(created.id, { name: "renamed", webhookUrl: url, type: "VPS", scope: "PUBLIC", avatarUrl: null, userId: null });
    assert.ok(updated);
    assert.equal(updated.name, "renamed");
    assert.equal(updated.webhookUrl, url);
    assert.equal(updated.type, "VPS");
    assert.equal(updated.scope, "PUBLIC");
    assert.equal(updated.avatarUrl, null);
    assert.equal(updated.userId, null);
    assert.equal(updated.id, created.id);
    assertDate(updated.createdAt, created.createdAt, "createdAt");
    assertSameAsRaw(updated, await raw(created.id));
    const untouched = await store().updateWebhook(created.id, {});
    assert.deepEqual(untouched, updated);
  });

  it("updateWebhook returns null for an unknown id and creates nothing", async () => {
    assert.equal(await store().updateWebhook("no-such-id", { name: "x" }), null);
    assert.deepEqual(await store().listWebhooks(), []);
  });

  it("updateWebhook to its own URL and owner is not a duplicate", async () => {
    const created = await store().createWebhook(input({ userId: null }));
    const same = await store().updateWebhook(created.id, { webhookUrl: created.webhookUrl, userId: null, name: "again" });
    assert.equal(same?.name, "again");
  });

  it("enabled: true clears disabledReason unless one is given", async () => {
    const created = await store().createWebhook(input());
    await store().disableWebhook(created.id, "Discord answered 404");
    const enabled = await store().updateWebhook(created.id, { enabled: true });
    assert.ok(enabled);
    assert.equal(enabled.enabled, true);
    assert.equal(enabled.disabledReason, null);
    assert.equal((await raw(created.id))?.disabledReason, null);
    await store().disableWebhook(created.id, "again");
    assert.equal((await raw(created.id))?.enabled, false, "disableWebhook sets enabled = false in the row");
    const kept = await store().updateWebhook(created.id, { enabled: true, disabledReason: "kept on purpose" });
    assert.equal(kept?.disabledReason, ctx.reason("kept on purpose"));
    const off = await store().updateWebhook(created.id, { enabled: false, disabledReason: "paused by admin" });
    assert.ok(off);
    assert.equal(off.enabled, false);
    assert.equal(off.disabledReason, ctx.reason("paused by admin"));
    assertSameAsRaw(off, await raw(created.id));
  });

  it("deleteWebhook removes the row once", async () => {
    const created = await store().createWebhook(input());
    const other = await store().createWebhook(input());
    assert.equal(await store().deleteWebhook(created.id), true);
    assert.equal(await raw(created.id), null);
    assert.equal(await store().getWebhook(created.id), null);
    assert.equal(await store().deleteWebhook(created.id), false);
    assert.equal(await store().deleteWebhook("no-such-id"), false);
    assert.ok(await raw(other.id), "other rows stay");
  });
}
