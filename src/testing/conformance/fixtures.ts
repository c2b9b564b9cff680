import assert from "node:assert/strict";
import { DuplicateWebhookError, StoreError } from "../../errors.js";
import type { CreateWebhookInput, WebhookRecord } from "../../types.js";
import type { RawWebhookRow, SuiteContext } from "./types.js";

let counter = 0;

/** The shape of Prisma's `cuid()` ids (cuid v1): "c" and 24 lower-case base-36 characters. */
export const CUID = /^c[0-9a-z]{24}$/;

/** A made-up canonical webhook URL; each call gives a new one unless `n` is given. */
export function webhookUrl(n?: number): string {
  const k = n ?? ++counter;
  const id = String(100000000000000000n + BigInt(k));
  const token = `${"t".repeat(60)}${String(k).padStart(8, "0")}`;
  return `https://discord.com/api/v10/webhooks/${id}/${token}`;
}

/** A valid create input with a fresh URL; `over` replaces fields. */
export function input(over: Partial<CreateWebhookInput> = {}): CreateWebhookInput {
  return { name: "ops alerts", webhookUrl: webhookUrl(), type: "GAME_SERVER", scope: "ADMIN", ...over };
}

/** Waits so that the next row gets a later `createdAt` than the previous one. */
export function tick(ms = 3): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Asserts that a record the adapter returned equals what the database holds, field by field. */
export function assertSameAsRaw(record: WebhookRecord, raw: RawWebhookRow | null): void {
  assert.ok(raw, `row ${record.id} must exist in the database`);
  assert.equal(raw.id, record.id);
  assert.equal(raw.name, record.name);
  assert.equal(raw.webhookUrl, record.webhookUrl);
  assert.equal(raw.type, record.type);
  assert.equal(raw.scope, record.scope);
  assert.equal(raw.enabled, record.enabled);
  assertDate(raw.createdAt, record.createdAt, "createdAt");
  assertDate(raw.testSuccessAt, record.testSuccessAt, "testSuccessAt");
  assert.equal(raw.avatarUrl, record.avatarUrl);
  assert.equal(raw.userId, record.userId);
  assert.equal(raw.disabledReason, record.disabledReason);
}

/** Asserts two optional dates are equal to the millisecond. */
export function assertDate(actual: Date | null, expected: Date | null, what: string): void {
  if (expected === null) {
    assert.equal(actual, null, `${what} must be null`);
    return;
  }
  assert.ok(actual instanceof Date, `${what} must be a Date`);
  assert.equal(actual.getTime(), expected.getTime(), `${what} must round-trip to the millisecond`);
}

/** Asserts a record has exactly the port's fields with the right types. */
export function assertRecordShape(record: WebhookRecord): void {
  assert.deepEqual(Object.keys(record).sort(), [
    "avatarUrl", "createdAt", "disabledReason", "enabled", "id", "name", "scope", "testSuccessAt", "type", "userId", "webhookUrl",
  ]);
  assert.equal(typeof record.id, "string");
  assert.ok(record.id.length > 0);
  assert.equal(typeof record.enabled, "boolean");
  assert.ok(record.createdAt instanceof Date && !Number.isNaN(record.createdAt.getTime()));
}

/** Asserts a list is ordered by `createdAt`, then `id`. */
export function assertOrdered(list: readonly WebhookRecord[]): void {
  for (let i = 1; i < list.length; i++) {
    const a = need(list[i - 1]);
    const b = need(list[i]);
    const ordered = a.createdAt.getTime() < b.createdAt.getTime() || (a.createdAt.getTime() === b.createdAt.getTime() && a.id < b.id);
    assert.ok(ordered, `list must be ordered by createdAt, then id (positions ${i - 1} and ${i})`);
  }
}

/** The ids of a list, in order. */
export function ids(list: readonly WebhookRecord[]): string[] {
  return list.map((r) => r.id);
}

/** Asserts a promise rejects with a DuplicateWebhookError carrying the adapter's name. */
export async function assertDuplicate(ctx: SuiteContext, promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DuplicateWebhookError, `expected DuplicateWebhookError, got ${String(error)}`);
    assert.ok(error instanceof StoreError);
    assert.equal(error.code, "DUPLICATE_WEBHOOK");
    if (ctx.options.adapter !== undefined) assert.equal(error.adapter, ctx.options.adapter);
    return true;
  });
}

/** The value, or a failed assertion when a list was shorter than the test expected. */
export function need<T>(value: T | undefined): T {
  assert.ok(value !== undefined, "expected a row here");
  return value;
}
