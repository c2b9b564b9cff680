import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { DuplicateWebhookError, ForbiddenError, ValidationError, WebhookUrlError } from "../../src/errors.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import type { WebhookTester } from "../../src/webhooks/types.js";
import { admin, alice, bob, staffWithoutUser, TOKEN_A, TOKEN_B, webhookUrl } from "./fixtures.js";

const noTester: WebhookTester = { test: () => Promise.reject(new Error("not used here")) };

function setup() {
  let t = Date.parse("2026-01-01T00:00:00Z");
  // A ticking clock makes list order (createdAt, then id) follow creation order.
  const store = memoryStore([], { now: () => new Date((t += 1000)) });
  const manager = createWebhookManager({ dispatcher: { ...noTester, store } });
  return { store, manager };
}

const base = { name: "My servers", type: "GAME_SERVER", scope: "USER" } as const;

describe("createWebhookManager: create", () => {
  it("stores the canonical URL and returns a masked view", async () => {
    const { store, manager } = setup();
    const created = await manager.create(alice, { ...base, webhookUrl: ` https://discordapp.com/api/webhooks/123456789012345678/${TOKEN_A}/ ` });
    expect(created.webhookUrl).toBe("https://discord.com/api/v10/webhooks/123456789012345678/***");
    expect(created.discordWebhookId).toBe("123456789012345678");
    expect(JSON.stringify(created)).not.toContain(TOKEN_A);
    const row = await store.getWebhook(created.id);
    expect(row?.webhookUrl).toBe(`https://discord.com/api/v10/webhooks/123456789012345678/${TOKEN_A}`);
    expect(row?.userId).toBe("user-alice");
    expect(row?.enabled).toBe(true);
  });

  it("keeps a thread id in the stored URL", async () => {
    const { store, manager } = setup();
    const created = await manager.create(alice, { ...base, webhookUrl: `${webhookUrl()}?thread_id=223456789012345678&wait=true` });
    expect((await store.getWebhook(created.id))?.webhookUrl).toMatch(/\?thread_id=223456789012345678$/);
    expect(created.webhookUrl).toBe("https://discord.com/api/v10/webhooks/123456789012345678/***?thread_id=223456789012345678");
  });

  it("forces a user's webhook to be owned by that user", async () => {
    const { manager } = setup();
    const created = await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    expect(created.userId).toBe("user-alice");
    await expect(manager.create(alice, { ...base, webhookUrl: webhookUrl(), userId: "user-bob" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses ADMIN and PUBLIC scope to non-admins", async () => {
    const { manager } = setup();
    for (const scope of ["ADMIN", "PUBLIC"] as const) {
      await expect(manager.create(alice, { ...base, scope, webhookUrl: webhookUrl() })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("lets admins create any scope; USER scope needs an owner", async () => {
    const { manager } = setup();
    const a = await manager.create(admin, { ...base, scope: "ADMIN", webhookUrl: webhookUrl() });
    expect(a.userId).toBeNull();
    const forBob = await manager.create(admin, { ...base, webhookUrl: webhookUrl(), userId: "user-bob" });
    expect(forBob.userId).toBe("user-bob");
    await expect(manager.create(admin, { ...base, webhookUrl: webhookUrl("223456789012345678"), userId: null })).rejects.toBeInstanceOf(ValidationError);
    const own = await manager.create(admin, { ...base, webhookUrl: webhookUrl("223456789012345678") });
    expect(own.userId).toBe("user-admin");
    const err = await manager.create(staffWithoutUser, { ...base, webhookUrl: webhookUrl("323456789012345678") }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ path: "userId", message: "is required for USER scope" }]);
  });

  it("refuses duplicates of URL and owner as a conflict, whatever form the URL was pasted in", async () => {
    const { manager } = setup();
    await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    const again = manager.create(alice, { ...base, webhookUrl: `https://canary.discord.com/api/v10/webhooks/123456789012345678/${TOKEN_A}` });
    await expect(again).rejects.toBeInstanceOf(DuplicateWebhookError);
    // Another owner may register the same webhook.
    await expect(manager.create(bob, { ...base, webhookUrl: webhookUrl() })).resolves.toMatchObject({ userId: "user-bob" });
  });

  it("lists every bad field at once", async () => {
    const { manager } = setup();
    const err = await manager.create(alice, { name: "", webhookUrl: 42, type: "NOPE", scope: "USER", avatarUrl: "http://x.example/a.png" } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).not.toBeInstanceOf(WebhookUrlError);
    const paths = (err as ValidationError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(["avatarUrl", "name", "type", "webhookUrl"]);
  });

  it("checks name length, unknown keys and avatar URLs", async () => {
    const { manager } = setup();
    const bad = [
      { ...base, webhookUrl: webhookUrl(), name: "x".repeat(81) },
      { ...base, webhookUrl: webhookUrl(), name: "   " },
      { ...base, webhookUrl: webhookUrl(), disabledReason: null },
      { ...base, webhookUrl: webhookUrl(), id: "chosen" },
      { ...base, webhookUrl: webhookUrl(), avatarUrl: "https://user:pw@cdn.example/a.png" },
      { ...base, webhookUrl: webhookUrl(), avatarUrl: "javascript:alert(1)" },
      { ...base, webhookUrl: webhookUrl(), enabled: "yes" },
    ];
    for (const input of bad) await expect(manager.create(alice, input as never)).rejects.toBeInstanceOf(ValidationError);
    const ok = await manager.create(alice, { ...base, webhookUrl: webhookUrl(), name: ` ${"é".repeat(80)} `, avatarUrl: "https://cdn.example/a.png" });
    expect(ok.name).toBe("é".repeat(80));
    expect(ok.avatarUrl).toBe("https://cdn.example/a.png");
  });
});

describe("createWebhookManager: update and delete", () => {
  it("updates fields, re-canonicalises a new URL and keeps the owner", async () => {
    const { store, manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    const updated = await manager.update(alice, w.id, { name: "Renamed", type: "BILLING", webhookUrl: `https://ptb.discord.com/api/webhooks/223456789012345678/${TOKEN_B}` });
    expect(updated).toMatchObject({ name: "Renamed", type: "BILLING", userId: "user-alice", webhookUrl: "https://discord.com/api/v10/webhooks/223456789012345678/***" });
    expect((await store.getWebhook(w.id))?.webhookUrl).toBe(`https://discord.com/api/v10/webhooks/223456789012345678/${TOKEN_B}`);
  });

  it("re-enabling clears the reason the dispatcher disabled it for", async () => {
    const { store, manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    await store.disableWebhook(w.id, "Discord answered 404 (Unknown Webhook)");
    expect(await manager.get(alice, w.id)).toMatchObject({ enabled: false, disabledReason: "Discord answered 404 (Unknown Webhook)" });
    expect(await manager.update(alice, w.id, { enabled: true })).toMatchObject({ enabled: true, disabledReason: null });
  });

  it("an empty patch changes nothing", async () => {
    const { manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    expect(await manager.update(alice, w.id, {})).toEqual(w);
  });

  it("refuses a user moving a webhook to another scope or owner", async () => {
    const { manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    await expect(manager.update(alice, w.id, { scope: "PUBLIC" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(manager.update(alice, w.id, { userId: "user-bob" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(manager.update(alice, w.id, { userId: "user-alice" })).resolves.toMatchObject({ userId: "user-alice" });
  });

  it("lets an admin move webhooks between scopes and owners", async () => {
    const { manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    expect(await manager.update(admin, w.id, { scope: "ADMIN", userId: null })).toMatchObject({ scope: "ADMIN", userId: null });
    await expect(manager.update(staffWithoutUser, w.id, { scope: "USER" })).rejects.toBeInstanceOf(ValidationError);
    // Moving to USER scope names the owner explicitly; the admin's own id is only a default on creation.
    await expect(manager.update(admin, w.id, { scope: "USER" })).rejects.toBeInstanceOf(ValidationError);
    expect(await manager.update(admin, w.id, { scope: "USER", userId: "user-bob" })).toMatchObject({ scope: "USER", userId: "user-bob" });
  });

  it("a URL change that collides is a conflict", async () => {
    const { manager } = setup();
    await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    const w2 = await manager.create(alice, { ...base, webhookUrl: webhookUrl("223456789012345678") });
    await expect(manager.update(alice, w2.id, { webhookUrl: webhookUrl() })).rejects.toBeInstanceOf(DuplicateWebhookError);
  });

  it("deletes", async () => {
    const { store, manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: webhookUrl() });
    await manager.delete(alice, w.id);
    expect(await store.getWebhook(w.id)).toBeNull();
  });
});

describe("createWebhookManager: list", () => {
  it("gives users their own USER webhooks only, and admins everything with filters", async () => {
    const { manager } = setup();
    await manager.create(alice, { ...base, webhookUrl: webhookUrl("100000000000000001") });
    await manager.create(alice, { ...base, type: "BILLING", webhookUrl: webhookUrl("100000000000000002") });
    await manager.create(bob, { ...base, webhookUrl: webhookUrl("100000000000000003") });
    await manager.create(admin, { ...base, scope: "ADMIN", webhookUrl: webhookUrl("100000000000000004") });
    await manager.create(admin, { ...base, scope: "PUBLIC", userId: "user-alice", webhookUrl: webhookUrl("100000000000000005") });

    expect((await manager.list(alice)).map((w) => w.discordWebhookId)).toEqual(["100000000000000001", "100000000000000002"]);
    expect((await manager.list(alice, { type: "BILLING" })).map((w) => w.discordWebhookId)).toEqual(["100000000000000002"]);
    expect(await manager.list(alice, { scope: "ADMIN" })).toEqual([]);
    expect(await manager.list(alice, { userId: "user-bob" })).toEqual([]);
    expect((await manager.list(bob)).map((w) => w.discordWebhookId)).toEqual(["100000000000000003"]);
    expect(await manager.list(admin)).toHaveLength(5);
    expect((await manager.list(admin, { userId: null })).map((w) => w.discordWebhookId)).toEqual(["100000000000000004"]);
    expect((await manager.list(admin, { scope: "PUBLIC" })).map((w) => w.discordWebhookId)).toEqual(["100000000000000005"]);
    await expect(manager.list(admin, { type: "NOPE" } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it("never returns a token, even one copied into a name stored before names were checked", async () => {
    const { manager, store } = setup();
    // The manager refuses such a name now; a row written by other code (or an older version) may still hold one.
    await store.createWebhook({ ...base, name: `oops ${TOKEN_A}`.slice(0, 80), webhookUrl: webhookUrl(), userId: "user-alice", avatarUrl: null, enabled: true });
    const text = JSON.stringify(await manager.list(alice));
    expect(text).not.toContain(TOKEN_A);
    expect(text).toContain("oops ***");
  });
});
