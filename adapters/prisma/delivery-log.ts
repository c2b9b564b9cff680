/**
 * `prismaDeliveryLog(prisma)`: the delivery log on the optional `DiscordWebhookDelivery` model.
 */
import { normalQuery, normalRetention } from "../../src/delivery-log/ids.js";
import type { DeliveryLog, DeliveryLogRetention } from "../../src/delivery-log/types.js";
import { StoreError, ValidationError } from "../../src/errors.js";
import { fromDeliveryRow, toDeliveryRow } from "../shared/delivery-rows.js";

type Where = Record<string, unknown>;
type Order = { id: "desc" }[];

/** The `DiscordWebhookDelivery` delegate methods the log calls (`prisma.discordWebhookDelivery`), typed structurally. */
export interface PrismaDeliveryDelegate {
  createMany(args: { data: Record<string, unknown>[] }): PromiseLike<{ count: number }>;
  findMany(args: { where: Where; orderBy: Order; take?: number; skip?: number; select?: { id: true } }): PromiseLike<object[]>;
  findUnique(args: { where: { id: string } }): PromiseLike<object | null>;
  deleteMany(args: { where: Where }): PromiseLike<{ count: number }>;
}

/** A Prisma client whose schema has the `DiscordWebhookDelivery` model (adapters/prisma/schema.prisma). */
export interface PrismaDeliveryClient {
  discordWebhookDelivery: PrismaDeliveryDelegate;
}

/** Options of {@link prismaDeliveryLog}. */
export type PrismaDeliveryLogOptions = DeliveryLogRetention;

/**
 * A {@link DeliveryLog} on the optional `DiscordWebhookDelivery` model: copy it from the package's
 * `adapters/prisma/schema.prisma` into your schema (or apply `migrations/<dialect>/optional/0003_…`). Your
 * `DiscordWebhook` model is not touched. Takes the client or the model's delegate.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ store: prismaStore(prisma), deliveryLog: prismaDeliveryLog(prisma) });
 * ```
 */
export function prismaDeliveryLog(prisma: PrismaDeliveryClient | PrismaDeliveryDelegate, options: PrismaDeliveryLogOptions = {}): DeliveryLog {
  const retention = normalRetention(options);
  const model = "discordWebhookDelivery" in prisma ? prisma.discordWebhookDelivery : prisma;
  const run = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new StoreError("prisma", `deliveryLog.${method} failed`, { cause: error });
    }
  };
  const rows = (list: object[]) => list.map((r) => fromDeliveryRow(r as Record<string, unknown>));

  return {
    append: (entries) =>
      run("append", async () => {
        if (entries.length === 0) return;
        await model.createMany({ data: entries.map((e) => ({ ...toDeliveryRow(e) })) });
        const ids = [...new Set(entries.map((e) => e.webhookId))];
        for (const webhookId of ids) {
          const [cut] = await model.findMany({ where: { webhookId }, orderBy: [{ id: "desc" }], skip: retention.maxPerWebhook, take: 1, select: { id: true } });
          if (cut) await model.deleteMany({ where: { webhookId, id: { lte: (cut as { id: string }).id } } });
        }
        if (retention.maxAgeMs !== undefined) await model.deleteMany({ where: { webhookId: { in: ids }, createdAt: { lt: new Date(Date.now() - retention.maxAgeMs) } } });
      }),
    list: (webhookId, query) =>
      run("list", async () => {
        const q = normalQuery(query);
        const id: Where = {};
        if (q.before !== undefined) id.lt = q.before;
        if (q.since !== undefined) id.gte = q.since;
        const where: Where = { webhookId };
        if (Object.keys(id).length > 0) where.id = id;
        if (q.status !== undefined) where.status = q.status;
        if (retention.maxAgeMs !== undefined) where.createdAt = { gte: new Date(Date.now() - retention.maxAgeMs) };
        return rows(await model.findMany({ where, orderBy: [{ id: "desc" }], take: q.limit }));
      }),
    get: (id) =>
      run("get", async () => {
        const row = await model.findUnique({ where: { id } });
        return row ? fromDeliveryRow(row as Record<string, unknown>) : null;
      }),
  };
}
