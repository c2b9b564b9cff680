/**
 * The shipped SQL migration and the shipped Drizzle table describe the same SQLite schema (what drizzle-kit would
 * create from the table), so users may create the table either way and Prisma reads it by the same declared types.
 */
import Database from "better-sqlite3";
import { generateSQLiteDrizzleJson, generateSQLiteMigration } from "drizzle-kit/api";
import { describe, expect, it } from "vitest";
import * as sqliteSchema from "../../adapters/drizzle/sqlite.js";
import { migrations, platformTable } from "./support/sql.js";

function describeSchema(db: Database.Database) {
  const columns = (db.prepare(`PRAGMA table_info("DiscordWebhook")`).all() as { name: string; type: string; notnull: number; pk: number; dflt_value: string | null }[])
    .map((c) => ({ name: c.name, type: c.type.toUpperCase(), notnull: c.notnull === 1 || c.pk === 1, pk: c.pk, default: c.dflt_value?.toLowerCase() ?? null }));
  const indexes = (db.prepare(`PRAGMA index_list("DiscordWebhook")`).all() as { name: string; unique: number; origin: string }[])
    .filter((i) => i.origin === "c")
    .map((i) => ({ name: i.name, unique: i.unique, columns: (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { columns, indexes };
}

describe("schema parity (SQLite)", () => {
  for (const optional of [false, true]) {
    it(`migrations/sqlite${optional ? " with optional/" : ""} equals what drizzle-kit generates from adapters/drizzle/sqlite`, async () => {
      const fromMigration = new Database(":memory:");
      for (const sql of migrations("sqlite", optional)) fromMigration.exec(sql);

      const empty = await generateSQLiteDrizzleJson({});
      const table = optional ? sqliteSchema.defineDiscordWebhookTable({ disabledReason: true }) : sqliteSchema.discordWebhook;
      const fromDrizzle = new Database(":memory:");
      for (const statement of await generateSQLiteMigration(empty, await generateSQLiteDrizzleJson({ table }))) fromDrizzle.exec(statement);

      const expected = describeSchema(fromMigration);
      expect(expected.indexes.map((i) => i.name)).toEqual([
        "DiscordWebhook_scope_idx", "DiscordWebhook_type_idx", "DiscordWebhook_userId_idx", "DiscordWebhook_webhookUrl_userId_key",
      ]);
      expect(expected.columns.map((c) => c.name)).toEqual([...PLATFORM_COLUMNS, ...(optional ? ["disabledReason"] : [])]);
      expect(describeSchema(fromDrizzle)).toEqual(expected);
    });
  }

  it("the platform's table (with its foreign key to User) has the shipped migration's columns and indexes", () => {
    const platform = new Database(":memory:");
    for (const sql of platformTable("sqlite")) platform.exec(sql);
    const shipped = new Database(":memory:");
    for (const sql of migrations("sqlite", false)) shipped.exec(sql);
    expect(describeSchema(platform)).toEqual(describeSchema(shipped));
    expect(platform.prepare(`PRAGMA foreign_key_list("DiscordWebhook")`).all()).toMatchObject([{ table: "User", from: "userId", to: "id", on_delete: "SET NULL" }]);
  });
});

/** The platform model's columns, in its order. */
const PLATFORM_COLUMNS = ["id", "name", "webhookUrl", "type", "scope", "enabled", "testSuccessAt", "avatarUrl", "createdAt", "userId"];
