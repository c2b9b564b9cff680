import assert from "node:assert/strict";
import type { CreateWebhookInput, WebhookRecord } from "../../types.js";
import { assertOrdered, assertSameAsRaw, ids, input, need, tick } from "./fixtures.js";
import type { SuiteContext } from "./types.js";

/** findWebhooks (routing) and listWebhooks (management), with their filters and ordering. */
export function routingTests(ctx: SuiteContext): void {
  const { it, store } = ctx;

  const seed = async (list: Partial<CreateWebhookInput>[]): Promise<WebhookRecord[]> => {
    const out: WebhookRecord[] = [];
    for (const over of list) {
      out.push(await store().createWebhook(input(over)));
      await tick();
    }
    return out;
  };

  it("findWebhooks narrows by type and scopes and leaves out disabled rows", async () => {
    const [admin, pub, , , disabled] = await seed([
      { type: "GAME_SERVER", scope: "ADMIN" },
      { type: "GAME_SERVER", scope: "PUBLIC", userId: "owner-9" },
      { type: "VPS", scope: "ADMIN" },
      { type: "GAME_SERVER", scope: "USER", userId: "user-1" },
      { type: "GAME_SERVER", scope: "ADMIN" },
    ]);
    await store().disableWebhook(need(disabled).id, "gone");
    assert.deepEqual(ids(await store().findWebhooks({ type: "GAME_SERVER", scopes: ["ADMIN", "PUBLIC"] })), [need(admin).id, need(pub).id]);
    assert.deepEqual(ids(await store().findWebhooks({ type: "GAME_SERVER", scopes: ["PUBLIC"] })), [need(pub).id]);
    assert.deepEqual(ids(await store().findWebhooks({ type: "VPS", scopes: ["PUBLIC", "USER"], userId: "user-1" })), []);
    assert.deepEqual(await store().findWebhooks({ type: "GAME_SERVER", scopes: [] }), []);
    assert.deepEqual(await store().findWebhooks({ type: "SECURITY", scopes: ["ADMIN", "USER", "PUBLIC"], userId: "user-1" }), []);
  });

  it("findWebhooks gives USER webhooks only to their owner", async () => {
    const [mine, , admin] = await seed([
      { type: "BILLING", scope: "USER", userId: "user-1" },
      { type: "BILLING", scope: "USER", userId: "user-2" },
      { type: "BILLING", scope: "ADMIN", userId: "user-2" },
    ]);
    const all = ["ADMIN", "USER", "PUBLIC"] as const;
    assert.deepEqual(ids(await store().findWebhooks({ type: "BILLING", scopes: all, userId: "user-1" })), [need(mine).id, need(admin).id]);
    assert.deepEqual(ids(await store().findWebhooks({ type: "BILLING", scopes: ["USER"], userId: "user-1" })), [need(mine).id]);
    assert.deepEqual(ids(await store().findWebhooks({ type: "BILLING", scopes: all })), [need(admin).id]);
    assert.deepEqual(ids(await store().findWebhooks({ type: "BILLING", scopes: all, userId: null })), [need(admin).id]);
    assert.deepEqual(ids(await store().findWebhooks({ type: "BILLING", scopes: ["USER"], userId: "user-3" })), []);
  });

  it("findWebhooks returns full records equal to the database rows, in order", async () => {
    const rows = await seed([
      { type: "SUPPORT", scope: "PUBLIC", avatarUrl: "https://cdn.example.com/s.png" },
      { type: "SUPPORT", scope: "ADMIN", userId: "staff-1" },
      { type: "SUPPORT", scope: "PUBLIC" },
    ]);
    await store().markDelivered(need(rows[1]).id, new Date("2026-03-04T05:06:07.089Z"));
    const found = await store().findWebhooks({ type: "SUPPORT", scopes: ["ADMIN", "PUBLIC"] });
    assert.deepEqual(ids(found), ids(rows));
    assertOrdered(found);
    for (const record of found) assertSameAsRaw(record, await ctx.options.readRaw(record.id));
  });

  it("listWebhooks lists everything ordered by createdAt, then id", async () => {
    const rows = await seed([{}, { enabled: false }, { scope: "USER", userId: "user-1" }, {}]);
    const listed = await store().listWebhooks();
    assert.deepEqual(ids(listed), ids(rows));
    assertOrdered(listed);
    assert.deepEqual(ids(await store().listWebhooks({})), ids(rows));
  });

  it("listWebhooks applies every given filter", async () => {
    const [a, b, c, d] = await seed([
      { type: "SYSTEM", scope: "ADMIN" },
      { type: "SYSTEM", scope: "USER", userId: "user-1", enabled: false },
      { type: "CUSTOM", scope: "USER", userId: "user-1" },
      { type: "CUSTOM", scope: "PUBLIC", userId: "user-2" },
    ]);
    assert.deepEqual(ids(await store().listWebhooks({ userId: "user-1" })), [need(b).id, need(c).id]);
    assert.deepEqual(ids(await store().listWebhooks({ userId: null })), [need(a).id]);
    assert.deepEqual(ids(await store().listWebhooks({ type: "CUSTOM" })), [need(c).id, need(d).id]);
    assert.deepEqual(ids(await store().listWebhooks({ scope: "USER" })), [need(b).id, need(c).id]);
    assert.deepEqual(ids(await store().listWebhooks({ enabled: false })), [need(b).id]);
    assert.deepEqual(ids(await store().listWebhooks({ enabled: true, userId: "user-1", type: "CUSTOM", scope: "USER" })), [need(c).id]);
    assert.deepEqual(await store().listWebhooks({ userId: "nobody" }), []);
  });

  it("rows created in the same millisecond keep a stable order", async () => {
    const created = await Promise.all([1, 2, 3, 4, 5].map(() => store().createWebhook(input({ type: "SECURITY" }))));
    const listed = await store().listWebhooks({ type: "SECURITY" });
    assert.deepEqual(new Set(ids(listed)), new Set(ids(created)));
    assertOrdered(listed);
    assert.deepEqual(ids(await store().findWebhooks({ type: "SECURITY", scopes: ["ADMIN"] })), ids(listed));
  });
}
