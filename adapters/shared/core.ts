import { DuplicateWebhookError } from "../../src/errors.js";
import type { WebhookRecord, WebhookStore } from "../../src/types.js";
import { cuid } from "./cuid.js";
import { guard } from "./errors.js";
import { changesOf, storedReason, toRecord, type WebhookChanges } from "./records.js";
import { listWhere, routeWhere, type Where } from "./where.js";

/** A row the core inserts: every column of the platform's table, plus `disabledReason` when the table has it. */
export type NewWebhookRow = Omit<WebhookRecord, "disabledReason"> & { disabledReason?: null };

/**
 * The few operations one backend provides; {@link createStore} adds every rule of the port on top. A backend holds
 * no rule of its own: it translates a {@link Where} and runs one statement per call.
 */
export interface StoreBackend {
  /** The adapter's name, carried by its errors (`"prisma"`, `"drizzle"`, `"memory"`). */
  readonly adapter: string;
  /** Whether the table has the optional `disabledReason` column. Without it the reason is not stored. */
  readonly disabledReason: boolean;
  /** Whether a driver error is a unique violation. */
  readonly isDuplicate: (error: unknown) => boolean;
  /**
   * Rows matching `where`, ordered by `createdAt`, then `id`, at most `limit` of them. The core only reads them (each
   * becomes a fresh record through `toRecord`), so a backend may hand out the rows it holds.
   */
  select(where: Where, limit?: number): Promise<unknown[]>;
  insert(row: NewWebhookRow): Promise<void>;
  /** Sets `changes` on every row matching `where` (one statement). */
  update(where: Where, changes: WebhookChanges): Promise<void>;
  /** Deletes the row and says how many went (0 or 1). */
  remove(id: string): Promise<number>;
}

/** Options every adapter passes on to {@link createStore}. */
export interface StoreCoreOptions {
  /** Clock for `createdAt`. Default `() => new Date()`. */
  now?: () => Date;
  /** Id generator for new rows. Default: cuid-like ids, as Prisma's `@default(cuid())` writes. */
  generateId?: () => string;
}

/** Ids per statement in `markDeliveredMany`: far below every driver's parameter limit (SQLite's is the lowest). */
const IDS_PER_STATEMENT = 500;

/**
 * The store port on one backend. The rules live here once: the routing filter, the list filter and order, the patch
 * rules, the uniqueness of owner-less rows, the reason length, the optional column, and wrapping every failure in a
 * `StoreError` with the driver error as `cause`.
 */
export function createStore(backend: StoreBackend, options: StoreCoreOptions = {}): WebhookStore {
  const now = options.now ?? (() => new Date());
  const generateId = options.generateId ?? cuid;
  const run = <T>(action: string, fn: () => Promise<T>): Promise<T> => guard(backend.adapter, action, backend.isDuplicate, fn);
  const many = (where: Where): Promise<WebhookRecord[]> => Promise.resolve(backend.select(where)).then((rows) => rows.map(toRecord));
  const getOne = async (id: string): Promise<WebhookRecord | null> => {
    const [row] = await backend.select({ id }, 1);
    return row === undefined ? null : toRecord(row);
  };
  // SQL unique indexes treat NULLs as distinct (SQLite, MySQL, PostgreSQL unless NULLS NOT DISTINCT, which Prisma
  // cannot declare), so two owner-less rows could share a URL. The port forbids it: check before writing.
  const assertNoOwnerlessTwin = async (webhookUrl: string, userId: string | null, exceptId?: string): Promise<void> => {
    if (userId !== null) return;
    const twins = await backend.select({ webhookUrl, userId: null, ...(exceptId === undefined ? {} : { notId: exceptId }) }, 1);
    if (twins.length > 0) throw new DuplicateWebhookError(backend.adapter);
  };
  const reasonChange = (reason: string | null): WebhookChanges => (backend.disabledReason ? { disabledReason: storedReason(reason) } : {});

  return {
    findWebhooks: (query) =>
      run("findWebhooks", () => {
        const where = routeWhere(query);
        return where ? many(where) : Promise.resolve([]);
      }),
    getWebhook: (id) => run("getWebhook", () => getOne(id)),
    listWebhooks: (filter = {}) => run("listWebhooks", () => many(listWhere(filter))),
    createWebhook: (input) =>
      run("createWebhook", async () => {
        const userId = input.userId ?? null;
        await assertNoOwnerlessTwin(input.webhookUrl, userId);
        const row: NewWebhookRow = {
          id: generateId(), name: input.name, webhookUrl: input.webhookUrl, type: input.type, scope: input.scope,
          enabled: input.enabled ?? true, testSuccessAt: null, avatarUrl: input.avatarUrl ?? null, createdAt: now(), userId,
          ...(backend.disabledReason ? { disabledReason: null } : {}),
        };
        await backend.insert(row);
        return { ...row, createdAt: new Date(row.createdAt), disabledReason: null };
      }),
    updateWebhook: (id, patch) =>
      run("updateWebhook", async () => {
        const { disabledReason, ...rest } = changesOf(patch);
        const changes: WebhookChanges = { ...rest, ...(disabledReason === undefined ? {} : reasonChange(disabledReason)) };
        if (Object.keys(changes).length === 0) return getOne(id);
        if (changes.webhookUrl !== undefined || changes.userId !== undefined) {
          const current = await getOne(id);
          if (!current) return null;
          await assertNoOwnerlessTwin(changes.webhookUrl ?? current.webhookUrl, changes.userId === undefined ? current.userId : changes.userId, id);
        }
        await backend.update({ id }, changes);
        return getOne(id);
      }),
    deleteWebhook: (id) => run("deleteWebhook", async () => (await backend.remove(id)) > 0),
    markDelivered: (id, at) => run("markDelivered", () => backend.update({ id }, { testSuccessAt: new Date(at) })),
    markDeliveredMany: (ids, at) =>
      run("markDeliveredMany", async () => {
        const unique = [...new Set(ids)];
        for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
          await backend.update({ ids: unique.slice(i, i + IDS_PER_STATEMENT) }, { testSuccessAt: new Date(at) });
        }
      }),
    disableWebhook: (id, reason) => run("disableWebhook", () => backend.update({ id }, { enabled: false, ...reasonChange(reason) })),
  };
}
