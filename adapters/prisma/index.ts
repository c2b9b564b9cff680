import { ConfigError } from "../../src/errors.js";
import type { WebhookStore } from "../../src/types.js";
import { createStore, type StoreBackend } from "../shared/core.js";
import { errorCodes } from "../shared/errors.js";
import type { Where } from "../shared/where.js";
import type { PrismaStoreOptions, PrismaWebhookClient, PrismaWebhookDelegate, PrismaWebhookWhere } from "./types.js";

export type { PrismaStoreOptions, PrismaWebhookClient, PrismaWebhookDelegate, PrismaWebhookRow, PrismaWebhookWhere } from "./types.js";

const ADAPTER = "prisma";
const ORDER: { createdAt?: "asc"; id?: "asc" }[] = [{ createdAt: "asc" }, { id: "asc" }];
/** The fields the adapter reads and writes on every table. */
const REQUIRED_FIELDS = ["id", "name", "webhookUrl", "type", "scope", "enabled", "testSuccessAt", "avatarUrl", "createdAt", "userId"];

/**
 * A {@link WebhookStore} on Prisma, on the platform's `DiscordWebhook` model as it is (see
 * `discord-webhook-dispatcher/adapters/prisma/schema.prisma`). Pass your client, or the delegate of a model with
 * another name (`prisma.webhook`) that has the same fields. When the model also has `disabledReason String?`, the
 * adapter stores why it disabled a webhook; without it, it still disables and the reason stays in logs and hooks.
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
  const fields = fieldNames(model);
  const missing = fields ? REQUIRED_FIELDS.filter((f) => !fields.includes(f)) : [];
  if (missing.length > 0) {
    throw new ConfigError(`[prisma] the webhook model has no field ${missing.map((f) => `\`${f}\``).join(", ")}: use the model from adapters/prisma/schema.prisma.`);
  }
  const backend: StoreBackend = {
    adapter: ADAPTER,
    disabledReason: options.columns?.disabledReason ?? fields?.includes("disabledReason") ?? false,
    isDuplicate: (error) => errorCodes(error).includes("P2002"),
    select: async (where, limit) => model.findMany({ where: toPrisma(where), orderBy: ORDER, ...(limit === undefined ? {} : { take: limit }) }),
    insert: async (row) => {
      await model.create({ data: row });
    },
    update: async (where, changes) => {
      await model.updateMany({ where: toPrisma(where), data: changes });
    },
    remove: async (id) => (await model.deleteMany({ where: { id } })).count,
  };
  return createStore(backend, options);
}

/** A {@link Where} as a Prisma `where` object. */
function toPrisma(w: Where): PrismaWebhookWhere {
  const out: PrismaWebhookWhere = {};
  if (w.id !== undefined) out.id = w.id;
  if (w.ids !== undefined) out.id = { in: [...w.ids] };
  if (w.notId !== undefined) out.NOT = { id: w.notId };
  if (w.webhookUrl !== undefined) out.webhookUrl = w.webhookUrl;
  if (w.userId !== undefined) out.userId = w.userId;
  if (w.type !== undefined) out.type = w.type;
  if (w.scopes !== undefined) out.scope = w.scopes.length === 1 ? w.scopes[0] : { in: [...w.scopes] };
  if (w.enabled !== undefined) out.enabled = w.enabled;
  if (w.anyOf !== undefined) out.OR = w.anyOf.map(toPrisma);
  return out;
}

/** The model's field names from Prisma's field references, or `undefined` when the client has none. */
function fieldNames(model: PrismaWebhookDelegate): string[] | undefined {
  const { fields } = model;
  return typeof fields === "object" ? Object.keys(fields) : undefined;
}

export { prismaDeliveryLog } from "./delivery-log.js";
export type { PrismaDeliveryClient, PrismaDeliveryDelegate, PrismaDeliveryLogOptions } from "./delivery-log.js";
