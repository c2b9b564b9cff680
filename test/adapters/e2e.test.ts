/** The dispatcher end to end on the embedded databases that need no shared instance (memory, SQLite). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { afterAll, describe, it } from "vitest";
import { drizzleStore } from "../../adapters/drizzle/index.js";
import { memoryStore } from "../../adapters/memory/index.js";
import { prismaStore } from "../../adapters/prisma/index.js";
import type { WebhookStore } from "../../src/types.js";
import { endToEndTests } from "./support/e2e.js";
import { loadPrismaClient } from "./support/prisma.js";
import { migrations, rawRow } from "./support/sql.js";

const file = join(mkdtempSync(join(tmpdir(), "dwd-e2e-")), "e2e.db");
const sqlite = new Database(file);
for (const sql of migrations("sqlite")) sqlite.exec(sql);
const PrismaClient = await loadPrismaClient("sqlite");
const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) });
afterAll(async () => {
  await prisma.$disconnect();
  sqlite.close();
});

const readSqlite = (id: string) => Promise.resolve(rawRow(sqlite.prepare('SELECT * FROM "DiscordWebhook" WHERE "id" = ?').get(id) as Record<string, unknown> | undefined));
const resetSqlite = () => {
  sqlite.exec('DELETE FROM "DiscordWebhook"');
};

describe("end to end: memory", () => {
  let store: WebhookStore = memoryStore();
  endToEndTests({ name: "memory", it, store: () => store, reset: () => { store = memoryStore(); }, readRaw: (id) => store.getWebhook(id) });
});

describe("end to end: prisma (sqlite)", () => {
  endToEndTests({ name: "prisma", it, store: () => prismaStore(prisma), reset: resetSqlite, readRaw: readSqlite });
});

describe("end to end: drizzle (sqlite)", () => {
  endToEndTests({ name: "drizzle", it, store: () => drizzleStore(drizzle(sqlite)), reset: resetSqlite, readRaw: readSqlite });
});
