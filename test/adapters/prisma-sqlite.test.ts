import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaStore } from "../../adapters/prisma/index.js";
import { ConfigError, DuplicateWebhookError, StoreError } from "../../src/errors.js";
import { loadPrismaClient, type TestPrismaClient } from "./support/prisma.js";
import { platformTable, rawRow, reasonColumn } from "./support/sql.js";
import { onBothTables, runAdapterSuites } from "./support/suites.js";

const file = join(mkdtempSync(join(tmpdir(), "dwd-prisma-sqlite-")), "test.db");
const raw = new Database(file);
raw.pragma("foreign_keys = ON");
for (const sql of platformTable("sqlite")) raw.exec(sql);
const adapter = () => new PrismaBetterSqlite3({ url: `file:${file}` });
// The platform's model as it is, and the same model with the optional `disabledReason String?`.
const prisma = new (await loadPrismaClient("sqlite"))({ adapter: adapter() });
const prismaWithReason = new (await loadPrismaClient("sqlite", "reason"))({ adapter: adapter() });
// A client on a database without the table: every query fails.
const broken = new (await loadPrismaClient("sqlite"))({ adapter: new PrismaBetterSqlite3({ url: ":memory:" }) });
const clients: TestPrismaClient[] = [prisma, prismaWithReason, broken];

beforeAll(async () => {
  await prisma.$connect();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
  raw.close();
});

onBothTables(
  "sqlite",
  (sql) => raw.exec(sql),
  (table) => {
    runAdapterSuites({
      database: "sqlite",
      platformTable: table,
      reset: () => {
        raw.exec('DELETE FROM "DiscordWebhook"');
      },
      readRaw: (id) => Promise.resolve(rawRow(raw.prepare('SELECT * FROM "DiscordWebhook" WHERE "id" = ?').get(id) as Record<string, unknown> | undefined)),
      prisma: { driver: "better-sqlite3", store: () => prismaStore(table.disabledReason ? prismaWithReason : prisma), failing: () => prismaStore(broken) },
    });
  },
);

describe("prismaStore on SQLite", () => {
  const url = `https://discord.com/api/v10/webhooks/123456789012345678/${"s".repeat(68)}`;

  it("maps the database's unique violation (P2002) to DuplicateWebhookError, token masked in the cause", async () => {
    raw.exec('DELETE FROM "DiscordWebhook"');
    const store = prismaStore(prisma);
    await store.createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" });
    const error = await store.createWebhook({ name: "b", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateWebhookError);
    expect((error as StoreError).cause).toBeDefined();
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("s".repeat(68));
  });

  it("accepts the model delegate itself and writes ISO timestamps Prisma and Drizzle both read", async () => {
    raw.exec('DELETE FROM "DiscordWebhook"');
    const store = prismaStore(prismaWithReason.discordWebhook, { now: () => new Date("2026-02-03T04:05:06.789Z"), generateId: () => "fixed-id" });
    const created = await store.createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "ADMIN" });
    expect(created.id).toBe("fixed-id");
    const row = raw.prepare('SELECT "createdAt", "enabled" FROM "DiscordWebhook" WHERE "id" = ?').get("fixed-id");
    expect(row).toEqual({ createdAt: "2026-02-03T04:05:06.789+00:00", enabled: 1 });
  });

  it("wraps a failure with the action in the message and never the token", async () => {
    const error = await prismaStore(broken).createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "ADMIN", userId: "u" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/^\[discord-webhook-dispatcher\] \[prisma\] createWebhook failed/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("s".repeat(68));
    expect(String((error as StoreError).cause)).not.toContain("s".repeat(68));
  });

  it("says in one line what failed, naming the missing column, when the model has a column the table lacks", async () => {
    raw.exec(reasonColumn("sqlite", false));
    try {
      const error = await prismaStore(prismaWithReason).createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      const { message, cause } = error as StoreError;
      expect(message).toMatch(/^\[discord-webhook-dispatcher\] \[prisma\] createWebhook failed: \S.*disabledReason/);
      expect(message).not.toMatch(/\n|userId|Invalid `/);
      expect(cause).toBeInstanceOf(Error);
      expect((cause as Error).message).toContain("disabledReason");
    } finally {
      raw.exec(reasonColumn("sqlite", true));
    }
  });

  it("on the platform's model writes userId through the foreign key, and keeps no reason", async () => {
    raw.exec('DELETE FROM "DiscordWebhook"');
    const store = prismaStore(prisma);
    const created = await store.createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" });
    await store.disableWebhook(created.id, "Discord answered 404");
    expect(raw.prepare('SELECT "enabled", "userId", "disabledReason" FROM "DiscordWebhook" WHERE "id" = ?').get(created.id)).toEqual({ enabled: 0, userId: "user-1", disabledReason: null });
    const stranger = await store.createWebhook({ name: "b", webhookUrl: url, type: "VPS", scope: "USER", userId: "not-a-user" }).catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(StoreError);
    expect((stranger as StoreError).message).toMatch(/createWebhook failed: .*[Ff]oreign key/);
  });

  it("refuses, naming the fields, a model that lacks what the adapter writes", () => {
    const fields = { id: {}, name: {}, webhookUrl: {}, type: {}, scope: {}, testSuccessAt: {}, avatarUrl: {}, createdAt: {}, userId: {} };
    // Only the construction is checked: no method is called.
    const unused = () => Promise.reject(new Error("not called"));
    const delegate = { findMany: unused, create: unused, updateMany: unused, deleteMany: unused, fields };
    expect(() => prismaStore(delegate)).toThrow(ConfigError);
    expect(() => prismaStore(delegate)).toThrow(/no field `enabled`/);
  });
});
