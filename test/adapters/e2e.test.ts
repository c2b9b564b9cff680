/**
 * The dispatcher end to end on the embedded databases that need no shared instance (memory, SQLite), on the
 * platform's table as it is and with the optional `disabledReason` column.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, describe, it } from "vitest";
import { drizzleStore } from "../../adapters/drizzle/index.js";
import { defineDiscordWebhookTable } from "../../adapters/drizzle/sqlite.js";
import { memoryStore } from "../../adapters/memory/index.js";
import { prismaStore } from "../../adapters/prisma/index.js";
import type { WebhookStore } from "../../src/types.js";
import { endToEndTests } from "./support/e2e.js";
import { loadPrismaClient } from "./support/prisma.js";
import { platformTable, rawRow } from "./support/sql.js";
import { onBothTables } from "./support/suites.js";

const file = join(mkdtempSync(join(tmpdir(), "dwd-e2e-")), "e2e.db");
const sqlite = new Database(file);
sqlite.pragma("foreign_keys = ON");
for (const sql of platformTable("sqlite")) sqlite.exec(sql);
const adapter = () => new PrismaBetterSqlite3({ url: `file:${file}` });
const prisma = new (await loadPrismaClient("sqlite"))({ adapter: adapter() });
const prismaWithReason = new (await loadPrismaClient("sqlite", "reason"))({ adapter: adapter() });
const withReason = defineDiscordWebhookTable({ disabledReason: true });
afterAll(async () => {
  await Promise.all([prisma.$disconnect(), prismaWithReason.$disconnect()]);
  sqlite.close();
});

const readSqlite = (id: string) => Promise.resolve(rawRow(sqlite.prepare('SELECT * FROM "DiscordWebhook" WHERE "id" = ?').get(id) as Record<string, unknown> | undefined));
const resetSqlite = () => {
  sqlite.exec('DELETE FROM "DiscordWebhook"');
};

describe("end to end: memory", () => {
  let store: WebhookStore = memoryStore();
  endToEndTests({ name: "memory", it, store: () => store, reset: () => { store = memoryStore(); }, readRaw: (id) => store.getWebhook(id), keepsReason: true });
});

onBothTables(
  "sqlite",
  (sql) => sqlite.exec(sql),
  ({ disabledReason }) => {
    const common = { it, reset: resetSqlite, readRaw: readSqlite, keepsReason: disabledReason };
    describe("end to end: sqlite", () => {
      endToEndTests({ ...common, name: "prisma", store: () => prismaStore(disabledReason ? prismaWithReason : prisma) });
      endToEndTests({ ...common, name: "drizzle", store: () => drizzleStore(drizzle(sqlite), disabledReason ? { table: withReason } : {}) });
    });
  },
);
