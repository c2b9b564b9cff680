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
import { migrations, PG_RAW_SELECT, rawRow } from "../adapters/support/sql.js";
import { type AdapterSuitesOptions, runAdapterSuites, sharedTableTest } from "../adapters/support/suites.js";
import { requireEnv } from "./env.js";

const url = requireEnv("DATABASE_URL_PG");
const raw = new pg.Client({ connectionString: url });
const pool = new pg.Pool({ connectionString: url, max: 4 });
const queries: { sql: string; params: unknown[] }[] = [];
const db = drizzle(pool, { logger: { logQuery: (sql, params) => queries.push({ sql, params }) } });
const PrismaClient = await loadPrismaClient("postgresql");
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) });

beforeAll(async () => {
  await raw.connect();
  await raw.query('DROP TABLE IF EXISTS "DiscordWebhook"; DROP TYPE IF EXISTS "WebhookType"; DROP TYPE IF EXISTS "WebhookScope";');
  for (const sql of migrations("postgresql")) await raw.query(sql);
});
afterAll(async () => {
  await Promise.all([prisma.$disconnect(), pool.end()]);
  await raw.end();
});

const reset = async () => {
  await raw.query('DELETE FROM "DiscordWebhook"');
};
const readRaw = async (id: string) => rawRow((await raw.query<Record<string, unknown>>(PG_RAW_SELECT, [id])).rows[0]);

const suites = {
  database: "postgresql server", reset, readRaw, endToEnd: "end to end with the dispatcher",
  drizzle: { driver: "node-postgres", store: () => drizzleStore(db), failing: () => drizzleStore(db, { table: defineDiscordWebhookTable({ table: "MissingTable" }) }) },
  prisma: { driver: "@prisma/adapter-pg", store: () => prismaStore(prisma) },
} satisfies AdapterSuitesOptions;
runAdapterSuites(suites);

describe("PostgreSQL server specifics", () => {
  const hook = `https://discord.com/api/v10/webhooks/123456789012345678/${"q".repeat(68)}`;

  it("maps the server's unique violation to DuplicateWebhookError for both ORMs", async () => {
    for (const store of [drizzleStore(db), prismaStore(prisma)]) {
      await reset();
      await store.createWebhook({ name: "a", webhookUrl: hook, type: "VPS", scope: "USER", userId: "user-1" });
      const error = await store.createWebhook({ name: "b", webhookUrl: hook, type: "VPS", scope: "USER", userId: "user-1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateWebhookError);
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("q".repeat(68));
    }
  });

  it("migrations/postgresql equals what drizzle-kit generates from adapters/drizzle/pg", async () => {
    const kit = defineDiscordWebhookTable({ table: "DiscordWebhookKit", enums: { type: "WebhookTypeKit", scope: "WebhookScopeKit" } });
    await raw.query('DROP TABLE IF EXISTS "DiscordWebhookKit"; DROP TYPE IF EXISTS "WebhookTypeKit"; DROP TYPE IF EXISTS "WebhookScopeKit";');
    // drizzle-kit creates the enum types it finds in the schema object; the table's own enums carry the same names.
    const schema = { kit, typeKit: pgEnum("WebhookTypeKit", WEBHOOK_TYPES), scopeKit: pgEnum("WebhookScopeKit", WEBHOOK_SCOPES) };
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
    await raw.query('DROP TABLE "DiscordWebhookKit"; DROP TYPE "WebhookTypeKit"; DROP TYPE "WebhookScopeKit";');
    expect(fromKit).toEqual(await describeTable("DiscordWebhook"));
  });

  sharedTableTest(suites, hook);

  it("findWebhooks is one query that uses an index", async () => {
    await reset();
    await expectIndexedRouting({
      seed: (values) => db.insert(defineDiscordWebhookTable()).values(values).then(() => undefined),
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
