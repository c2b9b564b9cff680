import type { FindWebhooksQuery, ListWebhooksFilter, WebhookRecord, WebhookScope, WebhookType } from "../../src/types.js";

/**
 * A row condition, the one language in which the store core states which rows an operation touches. Every given
 * field must hold; `anyOf` holds when one of its branches does. Each backend translates it once: Prisma into a
 * `where` object, Drizzle into SQL, the memory store with {@link matchesWhere}.
 */
export interface Where {
  id?: string;
  /** The id is one of these (never empty: the core skips the call instead). */
  ids?: readonly string[];
  /** The id is not this one. */
  notId?: string;
  webhookUrl?: string;
  /** `null`: the row has no owner. */
  userId?: string | null;
  type?: WebhookType;
  /** The scope is one of these (never empty). */
  scopes?: readonly WebhookScope[];
  enabled?: boolean;
  /** At least one branch holds (never empty). */
  anyOf?: readonly Where[];
}

/**
 * The routing rule, written once: enabled webhooks of the type, in the asked scopes; ADMIN and PUBLIC whatever their
 * owner, USER only when owned by the event's user. `undefined` when nothing can match (no query needed).
 */
export function routeWhere(query: FindWebhooksQuery): Where | undefined {
  const shared = query.scopes.filter((s) => s !== "USER");
  const branches: Where[] = [];
  if (shared.length > 0) branches.push({ scopes: shared });
  if (query.scopes.includes("USER") && query.userId != null) branches.push({ scopes: ["USER"], userId: query.userId });
  if (branches.length === 0) return undefined;
  return { type: query.type, enabled: true, anyOf: branches };
}

/** The management list filter: every given field must match; `userId: null` lists owner-less rows. */
export function listWhere(filter: ListWebhooksFilter): Where {
  const where: Where = {};
  if (filter.userId !== undefined) where.userId = filter.userId;
  if (filter.type !== undefined) where.type = filter.type;
  if (filter.scope !== undefined) where.scopes = [filter.scope];
  if (filter.enabled !== undefined) where.enabled = filter.enabled;
  return where;
}

/** Evaluates a {@link Where} on a record (the memory store's "query engine"). */
export function matchesWhere(r: WebhookRecord, w: Where): boolean {
  return (
    (w.id === undefined || r.id === w.id) &&
    (w.ids === undefined || w.ids.includes(r.id)) &&
    (w.notId === undefined || r.id !== w.notId) &&
    (w.webhookUrl === undefined || r.webhookUrl === w.webhookUrl) &&
    (w.userId === undefined || r.userId === w.userId) &&
    (w.type === undefined || r.type === w.type) &&
    (w.scopes === undefined || w.scopes.includes(r.scope)) &&
    (w.enabled === undefined || r.enabled === w.enabled) &&
    (w.anyOf === undefined || w.anyOf.some((branch) => matchesWhere(r, branch)))
  );
}

/** The port's list order: `createdAt`, then `id`. SQL backends say the same with `ORDER BY "createdAt", "id"`. */
export function compareRecords(a: WebhookRecord, b: WebhookRecord): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
