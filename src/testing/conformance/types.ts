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
  /**
   * The platform's table profile: the store runs on the `DiscordWebhook` table exactly as the platform's Prisma
   * model creates it (see docs/adapters.md), with or without the optional `disabledReason` column. The suite then
   * expects ids shaped like Prisma's `cuid()` and, without the column, `disabledReason` to stay `null` in records
   * and rows while `disableWebhook` still sets `enabled = false`. A foreign key on `userId` is fine when the users
   * {@link CONFORMANCE_USER_IDS} exist. Default: a table with the column, any id shape.
   */
  platformTable?: { disabledReason: boolean };
  /**
   * Whether the store implements the optional `markDeliveredMany`. Default `true`: the suite checks it. With
   * `false` the suite checks that it is absent, so callers fall back to `markDelivered`.
   */
  markDeliveredMany?: boolean;
}

/** The owners (`userId`) the suite writes; where `userId` is a foreign key, create these users first. */
export const CONFORMANCE_USER_IDS: readonly string[] = ["user-1", "user-2", "user-3", "owner-9", "staff-1"];

/** What each group of conformance tests receives. */
export interface SuiteContext {
  options: StoreConformanceOptions;
  it: ConformanceHarness["it"];
  /** The store created for the running test. */
  store: () => WebhookStore;
  /** What `disabledReason` reads after the store was given `reason`: the reason, or `null` without the column. */
  reason: <T extends string | null>(reason: T) => T | null;
}
