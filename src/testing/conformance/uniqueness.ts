import assert from "node:assert/strict";
import { assertDuplicate, assertSameAsRaw, input, webhookUrl } from "./fixtures.js";
import type { SuiteContext } from "./types.js";

/** The (webhookUrl, userId) rule, with two `null` owners counting as equal. */
export function uniquenessTests(ctx: SuiteContext): void {
  const { it, store } = ctx;

  it("the same URL twice for one owner is a DuplicateWebhookError", async () => {
    const url = webhookUrl();
    const first = await store().createWebhook(input({ webhookUrl: url, scope: "USER", userId: "user-1" }));
    await assertDuplicate(ctx, store().createWebhook(input({ webhookUrl: url, scope: "USER", userId: "user-1", name: "second" })));
    assert.equal((await store().listWebhooks()).length, 1);
    assertSameAsRaw(first, await ctx.options.readRaw(first.id));
  });

  it("two rows without an owner may not share a URL", async () => {
    const url = webhookUrl();
    await store().createWebhook(input({ webhookUrl: url }));
    await assertDuplicate(ctx, store().createWebhook(input({ webhookUrl: url, userId: null, type: "VPS" })));
    assert.equal((await store().listWebhooks({ userId: null })).length, 1);
  });

  it("the same URL may belong to different owners, and to an owner and nobody", async () => {
    const url = webhookUrl();
    await store().createWebhook(input({ webhookUrl: url, userId: "user-1" }));
    await store().createWebhook(input({ webhookUrl: url, userId: "user-2" }));
    await store().createWebhook(input({ webhookUrl: url, userId: null }));
    assert.equal((await store().listWebhooks()).length, 3);
  });

  it("updating a row into another row's URL and owner is a DuplicateWebhookError and changes nothing", async () => {
    const taken = await store().createWebhook(input({ userId: "user-1" }));
    const mover = await store().createWebhook(input({ userId: "user-1" }));
    await assertDuplicate(ctx, store().updateWebhook(mover.id, { webhookUrl: taken.webhookUrl, name: "moved" }));
    assertSameAsRaw(mover, await ctx.options.readRaw(mover.id));
    const orphan = await store().createWebhook(input({ userId: null }));
    const owned = await store().createWebhook(input({ webhookUrl: orphan.webhookUrl, userId: "user-2" }));
    await assertDuplicate(ctx, store().updateWebhook(owned.id, { userId: null }));
    assertSameAsRaw(owned, await ctx.options.readRaw(owned.id));
  });

  it("a URL becomes free again once its row is deleted", async () => {
    const first = await store().createWebhook(input());
    await store().deleteWebhook(first.id);
    const again = await store().createWebhook(input({ webhookUrl: first.webhookUrl }));
    assert.notEqual(again.id, first.id);
  });
}
