/**
 * The slice of a Prisma client the adapter uses, typed structurally, so every generated client (the `prisma-client`
 * generator with a driver adapter, or the classic `@prisma/client`) fits without this package importing it. The
 * result types are what make it strict: a generated client whose model lacks a column the adapter reads or writes
 * returns rows without it, and `prismaStore(prisma)` does not compile.
 */
import type { StoreCoreOptions } from "../shared/core.js";

/** A Prisma `where` object for the DiscordWebhook model. */
export type PrismaWebhookWhere = Record<string, unknown>;

/** A row as the model returns it: the platform's columns (`disabledReason` is optional and not required here). */
export interface PrismaWebhookRow {
  id: string;
  name: string;
  webhookUrl: string;
  type: string;
  scope: string;
  enabled: boolean;
  testSuccessAt: Date | null;
  avatarUrl: string | null;
  createdAt: Date;
  userId: string | null;
}

/** The model delegate methods the adapter calls (`prisma.discordWebhook`). */
export interface PrismaWebhookDelegate {
  findMany(args: { where: PrismaWebhookWhere; orderBy: { createdAt?: "asc"; id?: "asc" }[]; take?: number }): PromiseLike<PrismaWebhookRow[]>;
  create(args: { data: Record<string, unknown> }): PromiseLike<PrismaWebhookRow>;
  updateMany(args: { where: PrismaWebhookWhere; data: Record<string, unknown> }): PromiseLike<{ count: number }>;
  deleteMany(args: { where: { id: string } }): PromiseLike<{ count: number }>;
  /** Prisma ≥ 5 field references, one per field of the model: how the adapter sees whether `disabledReason` exists. */
  readonly fields?: object;
}

/** A Prisma client (or transaction client) whose schema has the `DiscordWebhook` model. */
export interface PrismaWebhookClient {
  discordWebhook: PrismaWebhookDelegate;
}

/** Options of `prismaStore`. */
export interface PrismaStoreOptions extends StoreCoreOptions {
  /**
   * The optional columns the model has. Default: read from the client (`prisma.discordWebhook.fields`), so a model
   * with `disabledReason String?` stores the reason and the platform's model without it does not. Say it here for a
   * client that does not expose `fields` (Prisma before 5).
   */
  columns?: { disabledReason?: boolean };
}
