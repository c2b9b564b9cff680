import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { CooldownError, ForbiddenError, NotFoundError, ValidationError, WebhookLimitError } from "../../src/errors.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import type { Actor, WebhookManagerOptions, WebhookTester } from "../../src/webhooks/types.js";
import { admin, alice, bob, staffWithoutUser, TOKEN_A, webhookUrl } from "./fixtures.js";

function setup(options: Partial<WebhookManagerOptions> = {}) {
  const store = memoryStore();
  const forgotten: string[] = [];
  const tested: string[] = [];
  const dispatcher: WebhookTester = {
    test: (id) => {
      tested.push(id);
      return Promise.resolve({ ok: true, status: 200 });
    },
    verify: (id) => {
      tested.push(`verify:${id}`);
      return Promise.resolve({ ok: true, status: 200 });
    },
    forgetWebhook: (id) => {
      forgotten.push(id);
    },
  };
  const manager = createWebhookManager({ store, dispatcher, ...options });
  return { store, manager, forgotten, tested };
}

const base = { name: "My servers", type: "GAME_SERVER", scope: "USER" } as const;
let n = 0;
/** A fresh made-up Discord webhook URL. */
const freshUrl = (): string => webhookUrl(`2234567890123${String((n += 1)).padStart(5, "0")}`);

describe("manager: ids that are not strings", () => {
  // What a server action gets from formData.get("id"): null, a File, or whatever a caller passes by mistake.
  const odd: unknown[] = [null, undefined, 42, 0, {}, [], ["a"], true, new File(["x"], "id.txt"), "", "x".repeat(300)];

  it.each(odd.map((v) => [Object.prototype.toString.call(v), v]))("get/update/delete/test with %s are NotFoundError", async (_label, id) => {
    const { manager } = setup();
    await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    const asId = id as string;
    for (const call of [
      () => manager.get(alice, asId),
      () => manager.update(alice, asId, { name: "x" }),
      () => manager.delete(alice, asId),
      () => manager.test(alice, asId),
      () => manager.get(admin, asId),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
    }
  });

  it("odd bodies, filters and options are ValidationErrors or ignored, never TypeErrors", async () => {
    const { manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    for (const input of [null, 42, "x", new File(["{}"], "body.json"), []]) {
      await expect(manager.create(alice, input as never)).rejects.toBeInstanceOf(ValidationError);
      await expect(manager.update(alice, w.id, input as never)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(manager.list(alice, null as never)).rejects.toBeInstanceOf(ValidationError);
    expect((await manager.test(alice, w.id, null as never)).mode).toBe("test");
  });
});

describe("manager: the actor is checked, never trusted", () => {
  const bad: unknown[] = [
    { isAdmin: "false" },
    { isAdmin: "true", userId: "u1" },
    { isAdmin: 1, userId: "u1" },
    { isAdmin: false },
    { isAdmin: false, userId: "" },
    { isAdmin: false, userId: "   " },
    { isAdmin: false, userId: 7 },
    { userId: null, isAdmin: false },
    null,
    "admin",
  ];

  it.each(bad.map((a) => [JSON.stringify(a), a]))("%s can do nothing", async (_label, actor) => {
    const { manager, store } = setup();
    const a = actor as Actor;
    await expect(manager.create(a, { ...base, webhookUrl: freshUrl() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(manager.list(a)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await store.listWebhooks()).toEqual([]);
  });

  it("admin only for isAdmin === true; a user with a userId is a user", async () => {
    const { manager } = setup();
    const hook = await manager.create(staffWithoutUser, { ...base, scope: "ADMIN", webhookUrl: freshUrl() });
    expect(hook.scope).toBe("ADMIN");
    const userish = { isAdmin: false, userId: "user-alice", role: "admin" } as Actor;
    await expect(manager.create(userish, { ...base, scope: "ADMIN", webhookUrl: freshUrl() })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await manager.create({ userId: "user-alice" } as Actor, { ...base, webhookUrl: freshUrl() })).userId).toBe("user-alice");
  });
});

describe("manager: names that hold secrets are refused", () => {
  const url = webhookUrl("323456789012345678", TOKEN_A);
  const hidden = [
    `see ${url}`.slice(0, 80),
    `x ${encodeURIComponent(url)}`.slice(0, 80),
    `webhooks\\u002f323456789012345678\\u002f${TOKEN_A}`.slice(0, 80),
    `webhooks&#x2F;1&#x2F;abc`,
    `oops ${TOKEN_A}`,
  ];

  it.each(hidden)("create refuses %j with a field error on name", async (name) => {
    const { manager, store } = setup();
    const error = await manager.create(alice, { ...base, name, webhookUrl: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect([...new Set((error as ValidationError).issues.map((i) => i.path))]).toEqual(["name"]);
    expect((error as ValidationError).issues.map((i) => i.message).join(" ")).toMatch(/webhook URL|token/);
    expect((error as Error).message).not.toContain(TOKEN_A);
    expect(await store.listWebhooks()).toEqual([]);
  });

  it("update refuses them too, also the current URL's token", async () => {
    const { manager, store } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: url });
    for (const name of hidden) await expect(manager.update(alice, w.id, { name })).rejects.toBeInstanceOf(ValidationError);
    expect((await store.getWebhook(w.id))?.name).toBe("My servers");
    expect((await manager.update(alice, w.id, { name: "Fine name" })).name).toBe("Fine name");
  });
});

describe("manager: the dispatcher forgets what changed", () => {
  it("calls forgetWebhook after each successful create, update and delete, never after a refusal", async () => {
    const { manager, forgotten } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    await manager.update(alice, w.id, { enabled: true });
    await expect(manager.update(bob, w.id, { name: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(manager.update(alice, w.id, { name: "" })).rejects.toBeInstanceOf(ValidationError);
    await manager.delete(alice, w.id);
    await expect(manager.delete(alice, w.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(forgotten).toEqual([w.id, w.id, w.id]);
  });

  it("works with a dispatcher that has no forgetWebhook", async () => {
    const manager = createWebhookManager({ store: memoryStore(), dispatcher: { test: () => Promise.resolve({ ok: true }) } });
    const w = await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    await manager.delete(alice, w.id);
    await expect(manager.get(alice, w.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("manager: test cooldown", () => {
  it("one test or verify per webhook per actor within the cooldown", async () => {
    let clock = 1_000_000;
    const { manager, tested } = setup({ testCooldownMs: 300, now: () => clock });
    const url = freshUrl();
    const w = await manager.create(alice, { ...base, webhookUrl: url });
    await manager.test(alice, w.id);
    clock += 100;
    const error = await manager.test(alice, w.id, { verify: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CooldownError);
    expect((error as CooldownError).code).toBe("COOLDOWN");
    expect((error as CooldownError).retryAfterMs).toBe(200);
    // Another actor has a clock of their own; another webhook too.
    await manager.test(admin, w.id);
    const other = await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    await manager.test(alice, other.id);
    // Deleting and re-adding the same Discord webhook does not reset it.
    await manager.delete(alice, w.id);
    const again = await manager.create(alice, { ...base, webhookUrl: url });
    clock += 199;
    await expect(manager.test(alice, again.id)).rejects.toBeInstanceOf(CooldownError);
    clock += 1;
    await manager.test(alice, again.id);
    expect(tested).toEqual([w.id, w.id, other.id, again.id]);
  });

  it("defaults to 5 s", async () => {
    const { manager } = setup();
    const w = await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    await manager.test(alice, w.id);
    const error = (await manager.test(alice, w.id).catch((e: unknown) => e)) as CooldownError;
    expect(error.retryAfterMs).toBeGreaterThan(4000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5000);
  });
});

describe("manager: webhooks per owner", () => {
  it("refuses one more than maxWebhooksPerOwner with WebhookLimitError", async () => {
    const { manager, store } = setup({ maxWebhooksPerOwner: 2 });
    await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    const error = await manager.create(alice, { ...base, webhookUrl: freshUrl() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookLimitError);
    expect((error as WebhookLimitError).code).toBe("WEBHOOK_LIMIT");
    expect((error as WebhookLimitError).limit).toBe(2);
    expect(await store.listWebhooks({ userId: "user-alice" })).toHaveLength(2);
    await manager.create(bob, { ...base, webhookUrl: freshUrl() });
    // An admin cannot move a third one onto her either.
    const bobs = (await manager.list(bob))[0]!;
    await expect(manager.update(admin, bobs.id, { userId: "user-alice" })).rejects.toBeInstanceOf(WebhookLimitError);
    // Owner-less admin webhooks are not capped.
    for (let i = 0; i < 3; i += 1) await manager.create(admin, { ...base, scope: "ADMIN", webhookUrl: freshUrl() });
  });

  it("defaults to 25", async () => {
    const { manager } = setup({ testCooldownMs: 0 });
    for (let i = 0; i < 25; i += 1) await manager.create(alice, { ...base, webhookUrl: freshUrl() });
    await expect(manager.create(alice, { ...base, webhookUrl: freshUrl() })).rejects.toBeInstanceOf(WebhookLimitError);
  });
});

describe("a webhook URL passed where an id belongs", () => {
  it("is not found, and no part of its token is in the error", async () => {
    const { manager } = setup();
    const url = webhookUrl();
    const calls = [() => manager.get(admin, url), () => manager.test(admin, url), () => manager.update(admin, url, { name: "x" }), () => manager.delete(admin, url)];
    for (const call of calls) {
      const error = await call().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).not.toContain(TOKEN_A.slice(0, 12));
    }
  });
});
