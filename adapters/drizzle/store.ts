import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, ne, or, type Column, type SQL } from "drizzle-orm";
import { DuplicateWebhookError } from "../../src/errors.js";
import type { FindWebhooksQuery, ListWebhooksFilter, WebhookRecord, WebhookStore } from "../../src/types.js";
import { errorCodes, guard } from "../shared/errors.js";
import { changesOf, storedReason, toRecord, guardKeyChange } from "../shared/records.js";
import type { WebhookColumnKey } from "./names.js";

/** What one SQL dialect provides to the shared store logic. */
export interface DialectOps {
  /** The table's columns by field. */
  columns: Record<WebhookColumnKey, Column>;
  /** Rows matching `where`, ordered by createdAt, then id. */
  select(where: SQL | undefined, limit?: number): Promise<unknown[]>;
  insert(row: WebhookRecord): Promise<void>;
  update(id: string, set: Record<string, unknown>): Promise<void>;
  /** Deletes one row and says how many went. */
  remove(id: string): Promise<number>;
}

/** Options shared by every dialect of `drizzleStore`. */
export interface DrizzleStoreCommonOptions {
  /** Clock for `createdAt`. Default `() => new Date()`. */
  now?: () => Date;
  /** Id generator for new rows. Default `crypto.randomUUID`. */
  generateId?: () => string;
}

const ADAPTER = "drizzle";
// SQLite's extended code, PostgreSQL's SQLSTATE and MySQL's name and number for a unique violation.
const DUPLICATE_CODES = new Set<string | number>(["SQLITE_CONSTRAINT_UNIQUE", "23505", "ER_DUP_ENTRY", 1062]);

function isDuplicate(error: unknown): boolean {
  return errorCodes(error).some((code) => DUPLICATE_CODES.has(code));
}

/** The store port on top of one dialect's operations. */
export function createDrizzleStore(ops: DialectOps, options: DrizzleStoreCommonOptions): WebhookStore {
  const c = ops.columns;
  const now = options.now ?? (() => new Date());
  const generateId = options.generateId ?? randomUUID;
  const run = <T>(action: string, fn: () => Promise<T>): Promise<T> => guard(ADAPTER, action, isDuplicate, fn);
  const getOne = async (id: string): Promise<WebhookRecord | null> => {
    const [row] = await ops.select(eq(c.id, id), 1);
    return row === undefined ? null : toRecord(row);
  };

  // SQL unique indexes treat NULLs as distinct (SQLite, MySQL, PostgreSQL unless NULLS NOT DISTINCT, which the
  // Prisma-compatible schema cannot use), so two owner-less rows could share a URL: the port forbids it, so check.
  const assertNoOwnerlessTwin = async (webhookUrl: string, userId: string | null, exceptId?: string): Promise<void> => {
    if (userId !== null) return;
    const where = and(eq(c.webhookUrl, webhookUrl), isNull(c.userId), exceptId === undefined ? undefined : ne(c.id, exceptId));
    if ((await ops.select(where, 1)).length > 0) throw new DuplicateWebhookError(ADAPTER);
  };

  return {
    findWebhooks: (query) =>
      run("findWebhooks", async () => {
        const where = routeWhere(c, query);
        return where ? (await ops.select(where)).map(toRecord) : [];
      }),
    getWebhook: (id) => run("getWebhook", () => getOne(id)),
    listWebhooks: (filter = {}) => run("listWebhooks", async () => (await ops.select(listWhere(c, filter))).map(toRecord)),
    createWebhook: (input) =>
      run("createWebhook", async () => {
        const userId = input.userId ?? null;
        await assertNoOwnerlessTwin(input.webhookUrl, userId);
        const row: WebhookRecord = {
          id: generateId(), name: input.name, webhookUrl: input.webhookUrl, type: input.type, scope: input.scope,
          enabled: input.enabled ?? true, testSuccessAt: null, avatarUrl: input.avatarUrl ?? null, createdAt: now(),
          userId, disabledReason: null,
        };
        await ops.insert(row);
        return { ...row, createdAt: new Date(row.createdAt) };
      }),
    updateWebhook: (id, patch) =>
      run("updateWebhook", async () => {
        const changes = changesOf(patch);
        if (Object.keys(changes).length === 0) return getOne(id);
        if (!(await guardKeyChange(id, changes, getOne, assertNoOwnerlessTwin))) return null;
        await ops.update(id, changes);
        return getOne(id);
      }),
    deleteWebhook: (id) => run("deleteWebhook", async () => (await ops.remove(id)) > 0),
    markDelivered: (id, at) => run("markDelivered", () => ops.update(id, { testSuccessAt: at })),
    disableWebhook: (id, reason) => run("disableWebhook", () => ops.update(id, { enabled: false, disabledReason: storedReason(reason) })),
  };
}

/** The routing filter as one condition, or `undefined` when nothing can match. */
function routeWhere(c: DialectOps["columns"], query: FindWebhooksQuery): SQL | undefined {
  const shared = query.scopes.filter((s) => s !== "USER");
  const branches: (SQL | undefined)[] = [];
  if (shared.length > 0) branches.push(inArray(c.scope, shared));
  if (query.scopes.includes("USER") && query.userId != null) branches.push(and(eq(c.scope, "USER"), eq(c.userId, query.userId)));
  if (branches.length === 0) return undefined;
  return and(eq(c.type, query.type), eq(c.enabled, true), or(...branches));
}

function listWhere(c: DialectOps["columns"], filter: ListWebhooksFilter): SQL | undefined {
  return and(
    filter.userId === undefined ? undefined : filter.userId === null ? isNull(c.userId) : eq(c.userId, filter.userId),
    filter.type === undefined ? undefined : eq(c.type, filter.type),
    filter.scope === undefined ? undefined : eq(c.scope, filter.scope),
    filter.enabled === undefined ? undefined : eq(c.enabled, filter.enabled),
  );
}
