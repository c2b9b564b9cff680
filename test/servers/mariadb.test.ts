/** MariaDB / MySQL server: Drizzle (mysql2) and Prisma (@prisma/adapter-mariadb) on the shipped migration. */
import { PrismaMariaDb } from "@prisma/adapter-mariadb";
import { generateMySQLDrizzleJson, generateMySQLMigration } from "drizzle-kit/api";
import { drizzle } from "drizzle-orm/mysql2";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drizzleStore } from "../../adapters/drizzle/index.js";
import { defineDiscordWebhookTable } from "../../adapters/drizzle/mysql.js";
import { prismaStore } from "../../adapters/prisma/index.js";
import { DuplicateWebhookError, StoreError } from "../../src/errors.js";
import { loadPrismaClient } from "../adapters/support/prisma.js";
import { migrations, platformTable, rawRow, statements } from "../adapters/support/sql.js";
import { onBothTables, runAdapterSuites, sharedTableTest } from "../adapters/support/suites.js";
import { requireEnv } from "./env.js";

const url = requireEnv("DATABASE_URL_MYSQL");
// dateStrings: the test reads DATETIME(3) as UTC text, independent of the adapters' conversions.
const raw = await mysql.createConnection({ uri: url, dateStrings: true, timezone: "Z" });
const pool = mysql.createPool({ uri: url, connectionLimit: 4 });
const db = drizzle(pool);
const mariadb = () => new PrismaMariaDb(url.replace(/^mysql:/, "mariadb:"));
const prisma = new (await loadPrismaClient("mysql"))({ adapter: mariadb() });
const prismaWithReason = new (await loadPrismaClient("mysql", "reason"))({ adapter: mariadb() });
const withReason = defineDiscordWebhookTable({ disabledReason: true });

beforeAll(async () => {
  await raw.query("DROP TABLE IF EXISTS `DiscordWebhook`");
  await raw.query("DROP TABLE IF EXISTS `User`");
  for (const statement of platformTable("mysql")) await raw.query(statement);
  // The shipped migration as it is (binary collation on the URL), under another name, for the checks that need it.
  await raw.query("DROP TABLE IF EXISTS `DiscordWebhookShipped`");
  await raw.query("DROP TABLE IF EXISTS `DiscordWebhookShippedDelivery`");
  for (const sql of migrations("mysql")) for (const statement of statements(sql)) await raw.query(statement.replaceAll("DiscordWebhook", "DiscordWebhookShipped"));
});
afterAll(async () => {
  await Promise.all([prisma.$disconnect(), prismaWithReason.$disconnect(), pool.end()]);
  await raw.end();
});

const reset = async () => {
  await raw.query("DELETE FROM `DiscordWebhook`");
};
const readRaw = async (id: string) => {
  const [rows] = await raw.query("SELECT * FROM `DiscordWebhook` WHERE `id` = ?", [id]);
  return rawRow((rows as Record<string, unknown>[])[0]);
};

const missing = defineDiscordWebhookTable({ table: "MissingTable" });

onBothTables(
  "mysql",
  (sql) => raw.query(sql),
  (table) => {
    runAdapterSuites({
      database: "mariadb server", reset, readRaw, endToEnd: "end to end with the dispatcher", platformTable: table,
      drizzle: { driver: "mysql2", store: () => drizzleStore(db, table.disabledReason ? { table: withReason } : {}), failing: () => drizzleStore(db, { table: missing }) },
      prisma: { driver: "@prisma/adapter-mariadb", store: () => prismaStore(table.disabledReason ? prismaWithReason : prisma) },
    });
  },
);
// The specifics below run last, with the optional column present.
const suites = {
  reset,
  drizzle: { driver: "mysql2", store: () => drizzleStore(db, { table: withReason }) },
  prisma: { driver: "@prisma/adapter-mariadb", store: () => prismaStore(prismaWithReason) },
};

describe("MariaDB server specifics", () => {
  const hook = `https://discord.com/api/v10/webhooks/123456789012345678/${"m".repeat(68)}`;

  it("maps ER_DUP_ENTRY (1062) to DuplicateWebhookError, token masked", async () => {
    await reset();
    const store = drizzleStore(db);
    await store.createWebhook({ name: "a", webhookUrl: hook, type: "VPS", scope: "USER", userId: "user-1" });
    const error = await store.createWebhook({ name: "b", webhookUrl: hook, type: "VPS", scope: "USER", userId: "user-1" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateWebhookError);
    expect((error as StoreError).cause).toBeDefined();
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("m".repeat(68));
  });

  it("keeps URLs that differ only in letter case apart on the shipped table (binary collation on webhookUrl)", async () => {
    await raw.query("DELETE FROM `DiscordWebhookShipped`");
    const store = drizzleStore(db, { table: defineDiscordWebhookTable({ table: "DiscordWebhookShipped", disabledReason: true }) });
    await store.createWebhook({ name: "a", webhookUrl: `${hook.slice(0, -1)}a`, type: "VPS", scope: "ADMIN" });
    await store.createWebhook({ name: "b", webhookUrl: `${hook.slice(0, -1)}A`, type: "VPS", scope: "ADMIN" });
    expect(await store.listWebhooks()).toHaveLength(2);
  });

  it("migrations/mysql (with optional/) equals what drizzle-kit generates from adapters/drizzle/mysql", async () => {
    const kit = defineDiscordWebhookTable({ table: "DiscordWebhookKit", disabledReason: true });
    await raw.query("DROP TABLE IF EXISTS `DiscordWebhookKit`");
    for (const statement of await generateMySQLMigration(await generateMySQLDrizzleJson({}), await generateMySQLDrizzleJson({ kit }))) {
      await raw.query(statement);
    }
    const describeTable = async (table: string) => {
      const [columns] = await raw.query(
        "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
        [table],
      );
      const [indexes] = await raw.query(
        "SELECT INDEX_NAME, NON_UNIQUE, GROUP_CONCAT(CONCAT(COLUMN_NAME, COALESCE(CONCAT('(', SUB_PART, ')'), '')) ORDER BY SEQ_IN_INDEX) AS cols FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? GROUP BY INDEX_NAME, NON_UNIQUE ORDER BY INDEX_NAME",
        [table],
      );
      const renamed = (indexes as { INDEX_NAME: string }[]).map((i) => ({ ...i, INDEX_NAME: i.INDEX_NAME.replace(table, "T") }));
      return { columns, indexes: renamed };
    };
    const fromKit = await describeTable("DiscordWebhookKit");
    await raw.query("DROP TABLE `DiscordWebhookKit`");
    expect(fromKit).toEqual(await describeTable("DiscordWebhookShipped"));
  });

  sharedTableTest(suites, hook);
});
