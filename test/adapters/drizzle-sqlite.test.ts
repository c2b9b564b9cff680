import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { describe, expect, it } from "vitest";
import { drizzleStore } from "../../adapters/drizzle/index.js";
import { defineDiscordWebhookTable, discordWebhook } from "../../adapters/drizzle/sqlite.js";
import { defineDiscordWebhookTable as definePgTable } from "../../adapters/drizzle/pg.js";
import { ConfigError, DuplicateWebhookError, StoreError } from "../../src/errors.js";
import { platformTable, rawRow } from "./support/sql.js";
import { onBothTables, runAdapterSuites } from "./support/suites.js";

const sqlite = new Database(":memory:");
sqlite.pragma("foreign_keys = ON");
for (const sql of platformTable("sqlite")) sqlite.exec(sql);
const db = drizzle(sqlite);
const withReason = defineDiscordWebhookTable({ disabledReason: true });
const readRaw = (id: string) => Promise.resolve(rawRow(sqlite.prepare('SELECT * FROM "DiscordWebhook" WHERE "id" = ?').get(id) as Record<string, unknown> | undefined));
const reset = () => {
  sqlite.exec('DELETE FROM "DiscordWebhook"');
};

onBothTables(
  "sqlite",
  (sql) => sqlite.exec(sql),
  (table) => {
    runAdapterSuites({
      database: "sqlite",
      reset,
      readRaw,
      platformTable: table,
      // A table that does not exist in the database: every query fails.
      drizzle: {
        driver: "better-sqlite3",
        store: () => (table.disabledReason ? drizzleStore(db, { table: withReason }) : drizzleStore(db)),
        failing: () => drizzleStore(db, { table: defineDiscordWebhookTable({ table: "MissingTable" }) }),
      },
    });
  },
);

describe("drizzleStore on SQLite", () => {
  const url = `https://discord.com/api/v10/webhooks/123456789012345678/${"s".repeat(68)}`;

  it("maps SQLITE_CONSTRAINT_UNIQUE to DuplicateWebhookError with the driver error as cause, token masked", async () => {
    reset();
    const store = drizzleStore(db);
    await store.createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" });
    const error = await store.createWebhook({ name: "b", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateWebhookError);
    expect((error as StoreError).cause).toBeDefined();
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("s".repeat(68));
    expect(String((error as StoreError).cause)).not.toContain("s".repeat(68));
  });

  it("stores timestamps and booleans the way Prisma does (ISO text in UTC, 0/1)", async () => {
    reset();
    const store = drizzleStore(db, { table: withReason, now: () => new Date("2026-02-03T04:05:06.789Z"), generateId: () => "fixed-id" });
    await store.createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "ADMIN" });
    await store.markDelivered("fixed-id", new Date("2026-02-03T04:05:07.001Z"));
    const row = sqlite.prepare('SELECT "createdAt", "testSuccessAt", "enabled" FROM "DiscordWebhook" WHERE "id" = ?').get("fixed-id");
    expect(row).toEqual({ createdAt: "2026-02-03T04:05:06.789+00:00", testSuccessAt: "2026-02-03T04:05:07.001+00:00", enabled: 1 });
  });

  it("reads rows another writer stored with SQLite's own CURRENT_TIMESTAMP default and epoch milliseconds", async () => {
    reset();
    sqlite.prepare(`INSERT INTO "DiscordWebhook" ("id","name","webhookUrl","type","scope","testSuccessAt") VALUES ('legacy','old','${url}','SYSTEM','ADMIN', 1767225600123)`).run();
    const got = await drizzleStore(db).getWebhook("legacy");
    expect(got?.createdAt).toBeInstanceOf(Date);
    expect(Number.isNaN(got?.createdAt.getTime())).toBe(false);
    expect(got?.testSuccessAt?.toISOString()).toBe("2026-01-01T00:00:00.123Z");
    expect(got?.enabled).toBe(true);
  });

  it("works on a table with other names", async () => {
    sqlite.exec('CREATE TABLE IF NOT EXISTS "discord_webhooks" ("id" TEXT PRIMARY KEY, "name" TEXT NOT NULL, "webhook_url" TEXT NOT NULL, "type" TEXT NOT NULL, "scope" TEXT NOT NULL, "enabled" BOOLEAN NOT NULL DEFAULT 1, "testSuccessAt" DATETIME, "avatarUrl" TEXT, "createdAt" DATETIME NOT NULL, "userId" TEXT)');
    const table = defineDiscordWebhookTable({ table: "discord_webhooks", columns: { webhookUrl: "webhook_url" } });
    const store = drizzleStore(db, { table });
    const created = await store.createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "ADMIN" });
    expect(sqlite.prepare('SELECT "webhook_url" AS u FROM "discord_webhooks" WHERE "id" = ?').get(created.id)).toEqual({ u: url });
    expect((await store.findWebhooks({ type: "VPS", scopes: ["ADMIN"] })).map((r) => r.id)).toEqual([created.id]);
  });

  it("accepts a database typed with the user's schema (relational query generics)", async () => {
    reset();
    const typed = drizzle(sqlite, { schema: { discordWebhook } });
    const created = await drizzleStore(typed).createWebhook({ name: "typed", webhookUrl: url, type: "CUSTOM", scope: "ADMIN" });
    expect((await typed.query.discordWebhook.findFirst())?.id).toBe(created.id);
  });

  it("refuses a database that is not Drizzle's and a table of another dialect with ConfigError", () => {
    expect(() => drizzleStore({} as never)).toThrow(ConfigError);
    expect(() => drizzleStore(db, { table: definePgTable() as never })).toThrow(/adapters\/drizzle\/sqlite/);
  });
});
