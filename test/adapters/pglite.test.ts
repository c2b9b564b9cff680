/**
 * PostgreSQL (PGlite, in process): one instance for the whole file, because it takes seconds to start.
 * Drizzle talks to it directly (drizzle-orm/pglite); Prisma through pglite-socket and @prisma/adapter-pg.
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PrismaPg } from "@prisma/adapter-pg";
import { drizzle } from "drizzle-orm/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { drizzleStore } from "../../adapters/drizzle/index.js";
import { defineDiscordWebhookTable } from "../../adapters/drizzle/pg.js";
import { prismaStore } from "../../adapters/prisma/index.js";
import { DuplicateWebhookError, StoreError } from "../../src/errors.js";
import { expectIndexedRouting } from "./support/explain.js";
import { loadPrismaClient } from "./support/prisma.js";
import { pgRaw, PG_RAW_SELECT, platformTable, rawRow } from "./support/sql.js";
import { onBothTables, runAdapterSuites } from "./support/suites.js";

const pglite = await PGlite.create();
for (const sql of platformTable("postgresql")) await pglite.exec(sql);
const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 4 });
await server.start();
const PrismaClient = await loadPrismaClient("postgresql");
const pgAdapter = () => new PrismaPg({ connectionString: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`, max: 1 });
const prisma = new PrismaClient({ adapter: pgAdapter() });
const prismaWithReason = new (await loadPrismaClient("postgresql", "reason"))({ adapter: pgAdapter() });
// Nothing listens on port 1: every query of this client fails to connect.
const unreachable = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://postgres@127.0.0.1:1/postgres", connectionTimeoutMillis: 2000 }) });
const queries: { sql: string; params: unknown[] }[] = [];
const db = drizzle(pglite, { logger: { logQuery: (sql, params) => queries.push({ sql, params }) } });
const withReason = defineDiscordWebhookTable({ disabledReason: true });

afterAll(async () => {
  await Promise.all([prisma.$disconnect(), prismaWithReason.$disconnect(), unreachable.$disconnect()]);
  await server.stop();
  await pglite.close();
});

const reset = async () => {
  await pglite.exec('DELETE FROM "DiscordWebhook"');
};
const readRaw = async (id: string) => rawRow(pgRaw((await pglite.query<{ row: unknown }>(PG_RAW_SELECT, [id])).rows));
const missing = defineDiscordWebhookTable({ table: "MissingTable" });

onBothTables(
  "postgresql",
  (sql) => pglite.exec(sql),
  (table) => {
    runAdapterSuites({
      database: "postgresql",
      platformTable: table,
      reset,
      readRaw,
      drizzle: { driver: "PGlite", store: () => drizzleStore(db, table.disabledReason ? { table: withReason } : {}), failing: () => drizzleStore(db, { table: missing }) },
      prisma: { driver: "PGlite via @prisma/adapter-pg", store: () => prismaStore(table.disabledReason ? prismaWithReason : prisma), failing: () => prismaStore(unreachable) },
      endToEnd: "end to end on PGlite",
    });
  },
);

describe("PostgreSQL specifics (PGlite)", () => {
  const url = `https://discord.com/api/v10/webhooks/123456789012345678/${"p".repeat(68)}`;

  it("maps 23505 inside DrizzleQueryError and Prisma's P2002 to DuplicateWebhookError, token masked", async () => {
    await reset();
    for (const store of [drizzleStore(db), prismaStore(prisma), prismaStore(prismaWithReason)]) {
      await store.createWebhook({ name: "a", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" });
      const error = await store.createWebhook({ name: "b", webhookUrl: url, type: "VPS", scope: "USER", userId: "user-1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateWebhookError);
      expect((error as StoreError).cause).toBeDefined();
      expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain("p".repeat(68));
      const cause = (error as StoreError).cause as Record<string, unknown>;
      expect(JSON.stringify(cause, Object.getOwnPropertyNames(cause))).not.toContain("p".repeat(68));
      await reset();
    }
  });

  it("Prisma and Drizzle read each other's rows identically (one shared table)", async () => {
    await reset();
    const viaPrisma = prismaStore(prismaWithReason);
    const viaDrizzle = drizzleStore(db, { table: withReason });
    const a = await viaPrisma.createWebhook({ name: "from prisma", webhookUrl: url, type: "SECURITY", scope: "USER", userId: "u1" });
    const b = await viaDrizzle.createWebhook({ name: "from drizzle", webhookUrl: url, type: "SECURITY", scope: "PUBLIC" });
    await viaDrizzle.markDelivered(a.id, new Date("2026-07-08T09:10:11.012Z"));
    await viaPrisma.disableWebhook(b.id, "404");
    expect(await viaDrizzle.listWebhooks()).toEqual(await viaPrisma.listWebhooks());
    expect(await viaDrizzle.findWebhooks({ type: "SECURITY", scopes: ["USER"], userId: "u1" })).toEqual(
      await viaPrisma.findWebhooks({ type: "SECURITY", scopes: ["USER"], userId: "u1" }),
    );
  });

  it("findWebhooks is one query that uses an index on a table of a few thousand rows", async () => {
    await reset();
    await expectIndexedRouting({
      seed: (values) => db.insert(withReason).values(values).then(() => undefined),
      query: async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params)).rows,
      exec: (sql) => pglite.exec(sql).then(() => undefined),
      route: async () => {
        queries.length = 0;
        await drizzleStore(db).findWebhooks({ type: "GAME_SERVER", scopes: ["ADMIN", "USER"], userId: "user-7" });
        return queries;
      },
    });
  });

  it("markDeliveredMany is one statement for both ORMs", async () => {
    await reset();
    const viaDrizzle = drizzleStore(db);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await viaDrizzle.createWebhook({ name: `n${i}`, webhookUrl: `${url}${i}`, type: "VPS", scope: "ADMIN" })).id);
    queries.length = 0;
    await viaDrizzle.markDeliveredMany?.(ids, new Date("2026-01-01T00:00:00.000Z"));
    expect(queries).toHaveLength(1);
    expect(queries[0]?.sql).toMatch(/^update .* in \(\$\d+, \$\d+, \$\d+\)/i);
    const logged: string[] = [];
    const logging = new PrismaClient({ adapter: pgAdapter(), log: [{ emit: "event", level: "query" }] } as never) as typeof prisma & { $on(event: "query", fn: (e: { query: string }) => void): void };
    logging.$on("query", (e) => logged.push(e.query));
    try {
      await prismaStore(logging).markDeliveredMany?.(ids, new Date("2026-01-02T00:00:00.000Z"));
    } finally {
      await logging.$disconnect();
    }
    expect(logged.filter((q) => /^UPDATE/i.test(q))).toHaveLength(1);
    for (const id of ids) expect((await readRaw(id))?.testSuccessAt?.toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });
});
