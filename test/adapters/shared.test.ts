/** The store core's own rules that no database decides: id shape, error lines, the routing filter's edge cases. */
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { cuid, isCuid } from "../../adapters/shared/cuid.js";
import { meaningfulLine, toStoreError } from "../../adapters/shared/errors.js";
import { routeWhere } from "../../adapters/shared/where.js";
import { DuplicateWebhookError, StoreError } from "../../src/errors.js";

const PRISMA_VALIDATION = `
Invalid \`prisma.discordWebhook.create()\` invocation in
/app/src/webhooks.ts:6:30

  5 const p = new PrismaClient();
→ 6 await prisma.discordWebhook.create({
      data: {
        userId: "u1",
        ~~~~~~
    ?   user?: UserCreateNestedOneWithoutDiscordWebhooksInput
      }
    })

Unknown argument \`userId\`. Did you mean \`user\`? Available options are marked with ?.`;
const PRISMA_RUNTIME = "\nInvalid `p.discordWebhook.findMany()` invocation in\n/app/x.ts:7:30\n\n  4 const f = 1;\n→ 7 await p.discordWebhook.findMany(\nThe table `main.DiscordWebhook` does not exist in the current database.";

describe("cuid", () => {
  it("gives 25-character ids shaped like Prisma's cuid(), unique and in creation order across milliseconds", async () => {
    const ids = Array.from({ length: 2000 }, () => cuid());
    expect(ids.every(isCuid)).toBe(true);
    expect(ids.every((id) => /^c[0-9a-z]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const before = cuid();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(cuid() > before).toBe(true);
    expect(isCuid("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(false);
  });

  it("draws fresh random characters for every id, past each batch of random values", () => {
    // 2,000 ids draw 4,000 random values: many batches. Their last 8 characters are random (36^8 choices).
    const tails = Array.from({ length: 2000 }, () => cuid().slice(-8));
    expect(new Set(tails).size).toBe(tails.length);
    expect(new Set(tails.map((t) => t.slice(0, 4))).size).toBeGreaterThan(1900);
  });

  it("is what every adapter uses for new rows by default", async () => {
    const created = await memoryStore().createWebhook({ name: "a", webhookUrl: "https://discord.com/api/v10/webhooks/1/t", type: "VPS", scope: "ADMIN" });
    expect(isCuid(created.id)).toBe(true);
  });
});

describe("store errors", () => {
  it("take the line that says what failed: Prisma's last line, other drivers' first", () => {
    expect(meaningfulLine(PRISMA_VALIDATION)).toBe("Unknown argument `userId`. Did you mean `user`? Available options are marked with ?.");
    expect(meaningfulLine(PRISMA_RUNTIME)).toBe("The table `main.DiscordWebhook` does not exist in the current database.");
    expect(meaningfulLine("no such table: DiscordWebhook\n    at Database.prepare")).toBe("no such table: DiscordWebhook");
    expect(meaningfulLine("\n\n  relation \"x\" does not exist  \n")).toBe('relation "x" does not exist');
    expect(meaningfulLine("")).toBe("");
  });

  it("are one line naming adapter and action, token masked, the driver error kept as cause", () => {
    const token = "T".repeat(68);
    const driver = new Error(`\nInvalid \`prisma.discordWebhook.create()\` invocation in\n/x.ts:1:1\n\n→ 1 create({ webhookUrl: "https://discord.com/api/v10/webhooks/1/${token}" })\nvalue too long for https://discord.com/api/v10/webhooks/1/${token}`);
    const error = toStoreError("prisma", "createWebhook", driver, () => false);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/^\[discord-webhook-dispatcher\] \[prisma\] createWebhook failed: value too long for https:\/\/discord\.com\/api\/v10\/webhooks\/1\/\S+$/);
    expect(error.message).not.toContain(token);
    expect(error.cause).toBe(driver);
    expect(driver.message).not.toContain(token);
    expect(toStoreError("prisma", "createWebhook", Object.assign(new Error("x"), { code: "P2002" }), () => true)).toBeInstanceOf(DuplicateWebhookError);
  });
});

describe("routing filter", () => {
  it("asks nothing when no scope can match, and USER only with an owner", () => {
    expect(routeWhere({ type: "VPS", scopes: [] })).toBeUndefined();
    expect(routeWhere({ type: "VPS", scopes: ["USER"] })).toBeUndefined();
    expect(routeWhere({ type: "VPS", scopes: ["USER", "ADMIN"], userId: "u" })).toEqual({
      type: "VPS", enabled: true, anyOf: [{ scopes: ["ADMIN"] }, { scopes: ["USER"], userId: "u" }],
    });
  });
});

describe("memoryStore seeds", () => {
  it("refuse a duplicate (owner-less included) and shorten a seeded reason like every store", async () => {
    const url = "https://discord.com/api/v10/webhooks/1/t";
    expect(() => memoryStore([{ name: "a", webhookUrl: url, type: "VPS", scope: "ADMIN" }, { name: "b", webhookUrl: url, type: "SYSTEM", scope: "ADMIN" }])).toThrow(DuplicateWebhookError);
    expect(() => memoryStore([{ name: "a", webhookUrl: url, type: "VPS", scope: "USER", userId: "u1" }, { name: "b", webhookUrl: url, type: "VPS", scope: "USER", userId: "u1" }])).toThrow(DuplicateWebhookError);
    const owners = memoryStore([{ name: "a", webhookUrl: url, type: "VPS", scope: "USER", userId: "u1" }, { name: "b", webhookUrl: url, type: "VPS", scope: "USER", userId: "u2" }, { name: "c", webhookUrl: url, type: "VPS", scope: "ADMIN" }]);
    expect((await owners.listWebhooks()).map((w) => w.name).sort()).toEqual(["a", "b", "c"]);
    const [seeded] = await memoryStore([{ name: "a", webhookUrl: url, type: "VPS", scope: "ADMIN", enabled: false, disabledReason: "x".repeat(500) }]).listWebhooks();
    expect(Array.from(seeded?.disabledReason ?? "")).toHaveLength(191);
  });
});
