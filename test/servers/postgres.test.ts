/** PostgreSQL server: Prisma (@prisma/adapter-pg) and Drizzle (node-postgres) on the shipped migration. */
import { PrismaPg } from "@prisma/adapter-pg";
import { generateDrizzleJson, generateMigration } from "drizzle-kit/api";
import { drizzle } from "drizzle-orm/node-postgres";
import { pgEnum } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drizzleStore } from "../../adapters/drizzle/index.js";
import { defineDiscordWebhookTable } from "../../adapters/drizzle/pg.js";
import { prismaStore } from "../../adapters/prisma/index.js";
import { DuplicateWebhookError } from "../../src/errors.js";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../../src/types.js";
import { expectIndexedRouting } from "../adapters/support/explain.js";
import { loadPrismaClient } from "../adapters/support/prisma.js";
import { pgRaw, PG_RAW_SELECT, platformTable, rawRow } from "../adapters/support/sql.js";
import { onBothTables, runAdapterSuites, sharedTableTest } from "../adapters/support/suites.js";
import { requireEnv } from "./env.js";

const url = requireEnv("DATABASE_URL_PG");
const raw = new pg.Client({ connectionString: url });
const pool = new pg.Pool({ connectionString: url, max: 4 });
const queries: { sql: string; params: unknown[] }[] = [];
const db = drizzle(pool, { logger: { logQuery: (sql, params) => queries.push({ sql, params }) } });
const prisma = new (await loadPrismaClient("postgresql"))({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
const prismaWithReason = new (await loadPrismaClient("postgresql", "reason"))({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });
const withReason = defineDiscordWebhookTable({ disabledReason: true });

beforeAll(async () => {
  await raw.connect();
  await raw.query('DROP TABLE IF EXISTS "DiscordWebhook"; DROP TABLE IF EXISTS "User"; DROP TYPE IF EXISTS "DiscordWebhookType"; DROP TYPE IF EXISTS "DiscordWebhookScope";');
  for (const sql of platformTable("postgresql")) await raw.query(sql);
});
afterAll(async () => {
  await Promise.all([prisma.$disconnect(), prismaWithReason.$disconnect(), pool.end()]);
  await raw.end();
});

const reset = async () => {
  await raw.query('DELETE FROM "DiscordWebhook"');
};
const readRaw = async (id: string) => rawRow(pgRaw((await raw.query<{ row: unknown }>(PG_RAW_SELECT, [id])).rows));
const missing = defineDiscordWebhookTable({ table: "MissingTable" });

onBothTables(
  "postgresql",
  (sql) => raw.query(sql),
  (table) => {
    runAdapterSuites({
      database: "postgresql server", reset, readRaw, endToEnd: "end to end with the dispatcher", platformTable: table,
      drizzle: { driver: "node-postgres", store: () => drizzleStore(db, table.disabledReason ? { table: withReason } : {}), failing: () => drizzleStore(db, { table: missing }) },
      prisma: { driver: "@prisma/adapter-pg", store: () => prismaStore(table.disabledReason ? prismaWithReason : prisma) },
    });
  },
);
// The specifics below run last, with the optional column present.
const suites = {
  reset,
  drizzle: { driver: "node-postgres", store: () => drizzleStore(db, { table: withReason }) },
  prisma: { driver: "@prisma/adapter-pg", store: () => prismaStore(prismaWithReason) },
};

describe("PostgreSQL server specifics", () => {
  const hook = `https://discord.com/api/v10/webhooks/123456789012345678/${"q".repeat(68)}`;

  it("maps the server's unique violation to DuplicateWebhookError for both ORMs", async () => {
    for (const store of [drizzleStore(db), prismaStore(prisma), prismaStore(prismaWithReason)]) {
      await reset();
      await store.createWebhook({ name: "a", webhookUrl: hook, type: "VPS", scope: "USER", userId: "user-1" });
      const error = await store.createWebhook({ name: "b", webhookUrl: hook, type: "VPS", scope: "USER", userId: "user-1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateWebhookError);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("q".repeat(68));
    }
  });

  it("migrations/postgresql (with optional/) equals what drizzle-kit generates from adapters/drizzle/pg", async () => {
    const kit = defineDiscordWebhookTable({ table: "DiscordWebhookKit", enums: { type: "DiscordWebhookTypeKit", scope: "DiscordWebhookScopeKit" }, disabledReason: true });
    await raw.query('DROP TABLE IF EXISTS "DiscordWebhookKit"; DROP TYPE IF EXISTS "DiscordWebhookTypeKit"; DROP TYPE IF EXISTS "DiscordWebhookScopeKit";');
    // drizzle-kit creates the enum types it finds in the schema object; the table's own enums carry the same names.
    const schema = { kit, typeKit: pgEnum("DiscordWebhookTypeKit", WEBHOOK_TYPES), scopeKit: pgEnum("DiscordWebhookScopeKit", WEBHOOK_SCOPES) };
    for (const statement of await generateMigration(generateDrizzleJson({}), generateDrizzleJson(schema))) await raw.query(statement);
    const describeTable = async (table: string) => {
      const columns = await raw.query(
        `SELECT column_name, data_type, replace(udt_name, 'Kit', '') AS udt, is_nullable, datetime_precision,
           replace(replace(coalesce(column_default, ''), 'now()', 'CURRENT_TIMESTAMP'), 'Kit', '') AS dflt
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const indexes = await raw.query(
        `SELECT replace(indexname, $1, 'T') AS name, replace(replace(indexdef, '"' || $1 || '"', 'T'), $1, 'T') AS def
         FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 ORDER BY indexname`,
        [table],
      );
      return { columns: columns.rows, indexes: indexes.rows };
    };
    const fromKit = await describeTable("DiscordWebhookKit");
    await raw.query('DROP TABLE "DiscordWebhookKit"; DROP TYPE "DiscordWebhookTypeKit"; DROP TYPE "DiscordWebhookScopeKit";');
    expect(fromKit).toEqual(await describeTable("DiscordWebhook"));
  });

  sharedTableTest(suites, hook);

  it("findWebhooks is one query that uses an index", async () => {
    await reset();
    await expectIndexedRouting({
      seed: (values) => db.insert(withReason).values(values).then(() => undefined),
      query: async (sql, params) => (await raw.query<Record<string, unknown>>(sql, params)).rows,
      exec: (sql) => raw.query(sql).then(() => undefined),
      route: async () => {
        queries.length = 0;
        await drizzleStore(db).findWebhooks({ type: "GAME_SERVER", scopes: ["ADMIN", "USER"], userId: "user-7" });
        return queries;
      },
    });
  });
});
