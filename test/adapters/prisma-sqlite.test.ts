import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaStore } from "../../adapters/prisma/index.js";
import { DuplicateWebhookError, StoreError } from "../../src/errors.js";
import { loadPrismaClient, type TestPrismaClient } from "./support/prisma.js";
import { migrations, rawRow } from "./support/sql.js";
import { runAdapterSuites } from "./support/suites.js";

const file = join(mkdtempSync(join(tmpdir(), "dwd-prisma-sqlite-")), "test.db");
const raw = new Database(file);
for (const sql of migrations("sqlite")) raw.exec(sql);
const PrismaClient = await loadPrismaClient("sqlite");
const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
// A client on a database without the table: every query fails.
const broken = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: ":memory:" }) });
const clients: TestPrismaClient[] = [prisma, broken];

beforeAll(async () => {
  await prisma.$connect();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
  raw.close();
});

runAdapterSuites({
  database: "sqlite",
  reset: () => {
    raw.exec('DELETE FROM "DiscordWebhook"');
  },
  readRaw: (id) => Promise.resolve(rawRow(raw.prepare('SELECT * FROM "DiscordWebhook" WHERE "id" = ?').get(id) as Record<string, unknown> | undefined)),
  prisma: { driver: "better-sqlite3", store: () => prismaStore(prisma), failing: () => prismaStore(broken) },
});

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
    const store = prismaStore(prisma.discordWebhook, { now: () => new Date("2026-02-03T04:05:06.789Z"), generateId: () => "fixed-id" });
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
});
