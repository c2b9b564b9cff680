/** The delivery log conformance on SQLite (Drizzle, Prisma) and PGlite (Drizzle), on the shipped migrations. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { drizzle as drizzleSqlite } from "drizzle-orm/better-sqlite3";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { drizzleDeliveryLog } from "../../adapters/drizzle/index.js";
import { prismaDeliveryLog, type PrismaDeliveryClient } from "../../adapters/prisma/index.js";
import { ConfigError } from "../../src/errors.js";
import { runDeliveryLogConformance } from "../../src/testing/index.js";
import { loadPrismaClient } from "../adapters/support/prisma.js";
import { deliveryMigration } from "./support.js";

const harness = { describe, it, beforeEach };

// SQLite, one file shared by Drizzle (better-sqlite3) and Prisma, on the shipped migration.
const file = join(mkdtempSync(join(tmpdir(), "dwd-delivery-log-")), "test.db");
const sqlite = new Database(file);
sqlite.exec(deliveryMigration("sqlite"));
const sqliteDb = drizzleSqlite(sqlite);
const prisma = new (await loadPrismaClient("sqlite"))({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
const sqliteRaw = (id: string) => Promise.resolve(sqlite.prepare('SELECT * FROM "DiscordWebhookDelivery" WHERE "id" = ?').get(id) ?? null);
const sqliteReset = () => {
  sqlite.exec('DELETE FROM "DiscordWebhookDelivery"');
};
const missing = drizzleSqlite(new Database(":memory:"));

// PostgreSQL in process.
const pglite = await PGlite.create();
await pglite.exec(deliveryMigration("postgresql"));
const pgDb = drizzlePglite(pglite);

afterAll(async () => {
  await prisma.$disconnect();
  sqlite.close();
  await pglite.close();
});

runDeliveryLogConformance({
  name: "drizzle (sqlite)",
  harness,
  factory: (retention) => drizzleDeliveryLog(sqliteDb, retention),
  reset: sqliteReset,
  readRaw: sqliteRaw,
  failingFactory: () => drizzleDeliveryLog(missing),
});

runDeliveryLogConformance({
  name: "prisma (sqlite)",
  harness,
  factory: (retention) => prismaDeliveryLog(prisma as unknown as PrismaDeliveryClient, retention),
  reset: sqliteReset,
  readRaw: sqliteRaw,
});

runDeliveryLogConformance({
  name: "drizzle (pglite)",
  harness,
  factory: (retention) => drizzleDeliveryLog(pgDb, retention),
  reset: async () => {
    await pglite.exec('DELETE FROM "DiscordWebhookDelivery"');
  },
  readRaw: async (id) => (await pglite.query('SELECT * FROM "DiscordWebhookDelivery" WHERE "id" = $1', [id])).rows[0] ?? null,
});

describe("drizzleDeliveryLog", () => {
  it("refuses what is not a Drizzle database", () => {
    expect(() => drizzleDeliveryLog({})).toThrow(ConfigError);
  });
});
