/**
 * The suites every database's test file registers: the store conformance suite for each ORM on that database and,
 * where asked, the dispatcher round trip ({@link endToEndTests}). One call per file, on one shared instance.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { WebhookStore } from "../../../src/index.js";
import { runStoreConformance, type RawWebhookRow } from "../../../src/testing/index.js";
import { endToEndTests } from "./e2e.js";
import { type Dialect, reasonColumn } from "./sql.js";

/** One ORM's stores on the database under test. */
export interface AdapterStores {
  /** The driver or Prisma adapter, shown in the suite's name: `"drizzle (<database>, <driver>)"`. */
  driver: string;
  /** Creates the store under test. */
  store: () => WebhookStore;
  /** A store whose every call fails (a missing table, an unreachable server): adds the suite's failure checks. */
  failing?: () => WebhookStore;
}

/** Options of {@link runAdapterSuites}. */
export interface AdapterSuitesOptions {
  /** The database, shown in the suites' names, e.g. `"postgresql server"`. */
  database: string;
  /** Empties the webhook table. */
  reset: () => void | Promise<void>;
  /** Reads one row straight from the database, bypassing both ORMs. */
  readRaw: (id: string) => Promise<RawWebhookRow | null>;
  drizzle?: AdapterStores;
  prisma?: AdapterStores;
  /** When given, the dispatcher round trip runs for each ORM inside a `describe` of this name. */
  endToEnd?: string;
  /** The platform's table, with or without the optional column (the conformance suite's profile). */
  platformTable: { disabledReason: boolean };
}

/** Registers conformance for Drizzle, then Prisma (those given), then the end-to-end tests in the same order. */
export function runAdapterSuites({ database, reset, readRaw, drizzle, prisma, endToEnd, platformTable }: AdapterSuitesOptions): void {
  const orms: ["drizzle" | "prisma", AdapterStores][] = [];
  if (drizzle) orms.push(["drizzle", drizzle]);
  if (prisma) orms.push(["prisma", prisma]);
  for (const [adapter, { driver, store, failing }] of orms) {
    runStoreConformance({
      name: `${adapter} (${database}, ${driver})`,
      adapter,
      harness: { describe, it, beforeEach },
      reset,
      factory: store,
      readRaw,
      failingFactory: failing,
      platformTable,
    });
  }
  if (endToEnd === undefined) return;
  describe(`${endToEnd} (${platformTable.disabledReason ? "with" : "without"} disabledReason)`, () => {
    for (const [name, { store }] of orms) endToEndTests({ name, it, store, reset, readRaw, keepsReason: platformTable.disabledReason });
  });
}

/**
 * Registers "Prisma and Drizzle share the table": a row Prisma created and Drizzle marked delivered reads the same
 * through both. Call inside the database's own `describe`, with the options given to {@link runAdapterSuites}.
 */
export function sharedTableTest(
  { reset, drizzle, prisma }: Pick<AdapterSuitesOptions, "reset"> & Required<Pick<AdapterSuitesOptions, "drizzle" | "prisma">>,
  webhookUrl: string,
): void {
  it("Prisma and Drizzle share the table", async () => {
    await reset();
    const a = await prisma.store().createWebhook({ name: "p", webhookUrl, type: "SYSTEM", scope: "ADMIN" });
    await drizzle.store().markDelivered(a.id, new Date("2026-07-08T09:10:11.012Z"));
    expect(await drizzle.store().listWebhooks()).toEqual(await prisma.store().listWebhooks());
  });
}

/**
 * Registers the suites twice on one table: first as the platform has it (no `disabledReason`), then with the optional
 * column its migration adds. The column is dropped or added (through `exec`) before each half runs; the table starts
 * without it and ends with it, for the tests registered after.
 */
export function onBothTables(dialect: Dialect, exec: (sql: string) => unknown, register: (platformTable: { disabledReason: boolean }) => void): void {
  let present = false;
  for (const disabledReason of [false, true]) {
    describe(disabledReason ? "with the optional disabledReason column" : "on the platform's table as it is", () => {
      beforeAll(async () => {
        if (present !== disabledReason) await exec(reasonColumn(dialect, disabledReason));
        present = disabledReason;
      });
      register({ disabledReason });
    });
  }
}
