import { DuplicateWebhookError } from "../../src/errors.js";
import { createStore, type NewWebhookRow, type StoreBackend } from "../shared/core.js";
import { cuid } from "../shared/cuid.js";
import { storedReason } from "../shared/records.js";
import { compareRecords, matchesWhere, type Where } from "../shared/where.js";
import type { CreateWebhookInput, WebhookRecord, WebhookStore } from "../../src/types.js";

/** A webhook to seed a {@link memoryStore} with; omitted fields get defaults. */
export type MemoryWebhookSeed = CreateWebhookInput & Partial<Pick<WebhookRecord, "id" | "createdAt" | "testSuccessAt" | "disabledReason">>;

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Clock for `createdAt`. Default `() => new Date()`. */
  now?: () => Date;
  /** Id generator. Default: cuid-like ids, like the SQL adapters and Prisma's `@default(cuid())`. */
  generateId?: () => string;
}

/** Thrown by the memory "unique index"; the core turns it into a `DuplicateWebhookError`. */
const UNIQUE_VIOLATION = "MEMORY_UNIQUE";

/**
 * An in-process {@link WebhookStore}: for tests, demos and single-process apps that configure webhooks in code.
 * Data lives as long as the process. Records are copied in and out, so callers cannot mutate the store. It keeps
 * the same rules as the SQL adapters (it runs on the same store core), reasons shortened alike.
 *
 * @example
 * ```ts
 * const store = memoryStore([{ name: "ops", webhookUrl, type: "GAME_SERVER", scope: "ADMIN" }]);
 * ```
 */
export function memoryStore(seed: readonly MemoryWebhookSeed[] = [], options: MemoryStoreOptions = {}): WebhookStore {
  const now = options.now ?? (() => new Date());
  const generateId = options.generateId ?? cuid;
  const rows = new Map<string, WebhookRecord>();

  // Like the SQL unique index on (webhookUrl, userId): owned rows only, as NULLs never collide there. The core
  // checks owner-less rows for every backend.
  const assertUnique = (row: WebhookRecord): void => {
    if (row.userId === null) return;
    for (const other of rows.values()) {
      if (other.id !== row.id && other.webhookUrl === row.webhookUrl && other.userId === row.userId) {
        throw Object.assign(new Error("duplicate (webhookUrl, userId)"), { code: UNIQUE_VIOLATION });
      }
    }
  };
  const put = (row: NewWebhookRow | WebhookRecord): void => {
    const next: WebhookRecord = copy({ disabledReason: null, ...row });
    assertUnique(next);
    rows.set(next.id, next);
  };

  // Seeds may not repeat a (webhookUrl, userId) pair, owner-less ones included: one set, not a scan per seed.
  const seeded = new Set<string>();
  for (const s of seed) {
    const userId = s.userId ?? null;
    const pair = JSON.stringify([s.webhookUrl, userId]);
    if (seeded.has(pair)) throw new DuplicateWebhookError("memory");
    seeded.add(pair);
    const row: WebhookRecord = copy({
      id: s.id ?? generateId(), name: s.name, webhookUrl: s.webhookUrl, type: s.type, scope: s.scope, enabled: s.enabled ?? true,
      testSuccessAt: s.testSuccessAt ?? null, avatarUrl: s.avatarUrl ?? null, createdAt: s.createdAt ?? now(), userId,
      disabledReason: storedReason(s.disabledReason ?? null),
    });
    rows.set(row.id, row);
  }

  // By id (a lane reading its webhook, a batch of markDelivered): the rows themselves, not a scan of every row.
  const candidates = (where: Where): Iterable<WebhookRecord> => {
    if (where.id !== undefined) return [rows.get(where.id)].filter((r): r is WebhookRecord => r !== undefined);
    if (where.ids !== undefined) return [...new Set(where.ids)].map((id) => rows.get(id)).filter((r): r is WebhookRecord => r !== undefined);
    return rows.values();
  };

  const backend: StoreBackend = {
    adapter: "memory",
    disabledReason: true,
    isDuplicate: (error) => (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION,
    // The stored rows themselves: the shared core reads each into a fresh record (`toRecord` copies the dates).
    select: (where, limit) => {
      const found = [...candidates(where)].filter((r) => matchesWhere(r, where)).sort(compareRecords);
      return Promise.resolve(found.slice(0, limit));
    },
    insert: (row) => {
      put(row);
      return Promise.resolve();
    },
    update: (where, changes) => {
      const matched = [...candidates(where)].filter((r) => matchesWhere(r, where));
      // Only a new URL or owner can collide (a delivery's testSuccessAt never does: no scan of every row for it).
      if ("webhookUrl" in changes || "userId" in changes) for (const row of matched) assertUnique({ ...row, ...changes });
      for (const row of matched) rows.set(row.id, copy({ ...row, ...changes }));
      return Promise.resolve();
    },
    remove: (id) => Promise.resolve(rows.delete(id) ? 1 : 0),
  };
  return createStore(backend, { now, generateId });
}

function copy(r: WebhookRecord): WebhookRecord {
  return { ...r, createdAt: new Date(r.createdAt), testSuccessAt: r.testSuccessAt ? new Date(r.testSuccessAt) : null };
}
