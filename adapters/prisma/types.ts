/**
 * The slice of a Prisma client the adapter uses, typed structurally, so every generated client (the `prisma-client`
 * generator with a driver adapter, or the classic `@prisma/client`) fits without this package importing it.
 */

/** A Prisma `where` object for the DiscordWebhook model. */
export type PrismaWebhookWhere = Record<string, unknown>;

/** The model delegate methods the adapter calls (`prisma.discordWebhook`). Results are checked at runtime. */
export interface PrismaWebhookDelegate {
  findMany(args: { where?: PrismaWebhookWhere; orderBy?: Record<string, "asc" | "desc">[] }): PromiseLike<unknown>;
  findUnique(args: { where: { id: string } }): PromiseLike<unknown>;
  findFirst(args: { where: PrismaWebhookWhere; select: { id: true } }): PromiseLike<unknown>;
  create(args: { data: Record<string, unknown> }): PromiseLike<unknown>;
  update(args: { where: { id: string }; data: Record<string, unknown> }): PromiseLike<unknown>;
  updateMany(args: { where: { id: string }; data: Record<string, unknown> }): PromiseLike<unknown>;
  deleteMany(args: { where: { id: string } }): PromiseLike<unknown>;
}

/** A Prisma client (or transaction client) whose schema has the `DiscordWebhook` model. */
export interface PrismaWebhookClient {
  discordWebhook: PrismaWebhookDelegate;
}

/** Options of `prismaStore`. */
export interface PrismaStoreOptions {
  /** Clock for `createdAt`. Default `() => new Date()`. */
  now?: () => Date;
  /** Id generator for new rows. Default `crypto.randomUUID`. */
  generateId?: () => string;
}
