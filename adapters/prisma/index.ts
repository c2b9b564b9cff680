import { randomUUID } from "node:crypto";
import { DuplicateWebhookError } from "../../src/errors.js";
import type { FindWebhooksQuery, ListWebhooksFilter, WebhookRecord, WebhookStore } from "../../src/types.js";
import { errorCodes, guard } from "../shared/errors.js";
import { changesOf, storedReason, toRecord, guardKeyChange } from "../shared/records.js";
import type { PrismaStoreOptions, PrismaWebhookClient, PrismaWebhookDelegate, PrismaWebhookWhere } from "./types.js";

export type { PrismaStoreOptions, PrismaWebhookClient, PrismaWebhookDelegate, PrismaWebhookWhere } from "./types.js";

const ADAPTER = "prisma";
const ORDER: Record<string, "asc">[] = [{ createdAt: "asc" }, { id: "asc" }];

/**
 * A {@link WebhookStore} on Prisma. Pass your client when its schema has the `DiscordWebhook` model from
 * `discord-webhook-dispatcher/adapters/prisma/schema.prisma`, or the delegate of a model with another name
 * (`prisma.webhook`) that has the same fields.
 *
 * @example
 * ```ts
 * import { PrismaClient } from "./generated/prisma/client.js";
 * import { PrismaPg } from "@prisma/adapter-pg";
 * import { prismaStore } from "discord-webhook-dispatcher/adapters/prisma";
 *
 * const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });
 * const store = prismaStore(prisma);
 * ```
 */
export function prismaStore(prisma: PrismaWebhookClient | PrismaWebhookDelegate, options: PrismaStoreOptions = {}): WebhookStore {
  const model = "discordWebhook" in prisma ? prisma.discordWebhook : prisma;
  const now = options.now ?? (() => new Date());
  const generateId = options.generateId ?? randomUUID;
  const run = <T>(action: string, fn: () => Promise<T>): Promise<T> => guard(ADAPTER, action, isPrismaDuplicate, fn);

  // SQL unique indexes treat NULLs as distinct (SQLite, MySQL, PostgreSQL before NULLS NOT DISTINCT, which Prisma
  // cannot declare), so the database lets two owner-less rows share a URL: the port forbids it, so check first.
  const assertNoOwnerlessTwin = async (webhookUrl: string, userId: string | null, exceptId?: string): Promise<void> => {
    if (userId !== null) return;
    const where: PrismaWebhookWhere = { webhookUrl, userId: null, ...(exceptId === undefined ? {} : { NOT: { id: exceptId } }) };
    if ((await model.findFirst({ where, select: { id: true } })) != null) throw new DuplicateWebhookError(ADAPTER);
  };

  const getOne = async (id: string): Promise<WebhookRecord | null> => {
    const row = await model.findUnique({ where: { id } });
    return row == null ? null : toRecord(row);
  };

  return {
    findWebhooks: (query) =>
      run("findWebhooks", async () => {
        const where = routeWhere(query);
        return where ? many(await model.findMany({ where, orderBy: ORDER })) : [];
      }),
    getWebhook: (id) => run("getWebhook", () => getOne(id)),
    listWebhooks: (filter = {}) => run("listWebhooks", async () => many(await model.findMany({ where: listWhere(filter), orderBy: ORDER }))),
    createWebhook: (input) =>
      run("createWebhook", async () => {
        const userId = input.userId ?? null;
        await assertNoOwnerlessTwin(input.webhookUrl, userId);
        const data = {
          id: generateId(), name: input.name, webhookUrl: input.webhookUrl, type: input.type, scope: input.scope,
          enabled: input.enabled ?? true, testSuccessAt: null, avatarUrl: input.avatarUrl ?? null, createdAt: now(),
          userId, disabledReason: null,
        };
        return toRecord(await model.create({ data }));
      }),
    updateWebhook: (id, patch) =>
      run("updateWebhook", async () => {
        const changes = changesOf(patch);
        if (Object.keys(changes).length === 0) return getOne(id);
        if (!(await guardKeyChange(id, changes, getOne, assertNoOwnerlessTwin))) return null;
        try {
          return toRecord(await model.update({ where: { id }, data: changes }));
        } catch (error) {
          if (errorCodes(error).includes("P2025")) return null;
          throw error;
        }
      }),
    deleteWebhook: (id) => run("deleteWebhook", async () => countOf(await model.deleteMany({ where: { id } })) > 0),
    markDelivered: (id, at) =>
      run("markDelivered", async () => {
        await model.updateMany({ where: { id }, data: { testSuccessAt: at } });
      }),
    disableWebhook: (id, reason) =>
      run("disableWebhook", async () => {
        await model.updateMany({ where: { id }, data: { enabled: false, disabledReason: storedReason(reason) } });
      }),
  };
}

/** The routing filter as one Prisma `where`, or `undefined` when nothing can match. */
function routeWhere(query: FindWebhooksQuery): PrismaWebhookWhere | undefined {
  const shared = query.scopes.filter((s) => s !== "USER");
  const branches: PrismaWebhookWhere[] = [];
  if (shared.length > 0) branches.push({ scope: { in: shared } });
  if (query.scopes.includes("USER") && query.userId != null) branches.push({ scope: "USER", userId: query.userId });
  if (branches.length === 0) return undefined;
  return { type: query.type, enabled: true, OR: branches };
}

function listWhere(filter: ListWebhooksFilter): PrismaWebhookWhere {
  const where: PrismaWebhookWhere = {};
  if (filter.userId !== undefined) where.userId = filter.userId;
  if (filter.type !== undefined) where.type = filter.type;
  if (filter.scope !== undefined) where.scope = filter.scope;
  if (filter.enabled !== undefined) where.enabled = filter.enabled;
  return where;
}

function many(rows: unknown): WebhookRecord[] {
  if (!Array.isArray(rows)) throw new TypeError("Prisma findMany did not return an array");
  return rows.map(toRecord);
}

function countOf(result: unknown): number {
  const count = (result as { count?: unknown } | null)?.count;
  return typeof count === "number" ? count : 0;
}

function isPrismaDuplicate(error: unknown): boolean {
  return errorCodes(error).includes("P2002");
}
