import type { WebhookRecord, WebhookStore } from "../../types.js";

/**
 * A webhook row as the test read it straight from the database (not through the adapter), normalised by the
 * test's reader: `enabled` as a boolean, timestamps as `Date`, missing values as `null`.
 */
export type RawWebhookRow = Omit<WebhookRecord, "type" | "scope"> & {
  /** Kept as the database's text so the suite can catch a value outside the enum. */
  type: string;
  scope: string;
};

/**
 * The few functions of a test runner the suite needs. vitest, jest and `node:test` all provide them:
 * pass `{ describe, it, beforeEach }` from your runner.
 */
export interface ConformanceHarness {
  describe: (name: string, fn: () => void) => unknown;
  it: (name: string, fn: () => Promise<void>) => unknown;
  beforeEach: (fn: () => Promise<void>) => unknown;
}

/** Options of {@link runStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown as the suite's name, e.g. `"prisma (sqlite)"`. */
  name: string;
  /** Creates the store under test. Called before every test, after `reset`. */
  factory: () => WebhookStore | Promise<WebhookStore>;
  /** Empties the backing table (or creates a fresh backend). Called before every test. */
  reset: () => void | Promise<void>;
  /** Reads one row straight from the database, bypassing the adapter; `null` when there is none. */
  readRaw: (id: string) => Promise<RawWebhookRow | null>;
  /** Your test runner's `describe`, `it` and `beforeEach`. */
  harness: ConformanceHarness;
  /**
   * A store whose backend fails every call (a missing table, a closed connection). When given, the suite checks
   * that every method rejects with a `StoreError` that keeps the driver error as `cause`.
   */
  failingFactory?: () => WebhookStore | Promise<WebhookStore>;
  /** The `adapter` name the store's errors must carry (e.g. `"prisma"`). Checked when given. */
  adapter?: string;
}

/** What each group of conformance tests receives. */
export interface SuiteContext {
  options: StoreConformanceOptions;
  it: ConformanceHarness["it"];
  /** The store created for the running test. */
  store: () => WebhookStore;
}
