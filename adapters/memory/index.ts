import { randomUUID } from "node:crypto";
import { DuplicateWebhookError } from "../../src/errors.js";
import type {
  CreateWebhookInput,
  FindWebhooksQuery,
  ListWebhooksFilter,
  UpdateWebhookInput,
  WebhookRecord,
  WebhookStore,
} from "../../src/types.js";

/** A webhook to seed a {@link memoryStore} with; omitted fields get defaults. */
export type MemoryWebhookSeed = CreateWebhookInput & Partial<Pick<WebhookRecord, "id" | "createdAt" | "testSuccessAt" | "disabledReason">>;

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Clock for `createdAt`. Default `() => new Date()`. */
  now?: () => Date;
  /** Id generator. Default `crypto.randomUUID`. */
  generateId?: () => string;
}

/**
 * An in-process {@link WebhookStore}: for tests, demos and single-process apps that configure webhooks in code.
 * Data lives as long as the process. Records are copied in and out, so callers cannot mutate the store.
 *
 * @example
 * ```ts
 * const store = memoryStore([{ name: "ops", webhookUrl, type: "GAME_SERVER", scope: "ADMIN" }]);
 * ```
 */
export function memoryStore(seed: readonly MemoryWebhookSeed[] = [], options: MemoryStoreOptions = {}): WebhookStore {
  const now = options.now ?? (() => new Date());
  const generateId = options.generateId ?? randomUUID;
  const rows = new Map<string, WebhookRecord>();

  const assertUnique = (webhookUrl: string, userId: string | null, exceptId?: string): void => {
    for (const row of rows.values()) {
      if (row.id !== exceptId && row.webhookUrl === webhookUrl && row.userId === userId) {
        throw new DuplicateWebhookError("memory");
      }
    }
  };

  const insert = (input: MemoryWebhookSeed): WebhookRecord => {
    const userId = input.userId ?? null;
    assertUnique(input.webhookUrl, userId);
    const row: WebhookRecord = {
      id: input.id ?? generateId(),
      name: input.name,
      webhookUrl: input.webhookUrl,
      type: input.type,
      scope: input.scope,
      enabled: input.enabled ?? true,
      testSuccessAt: input.testSuccessAt ? new Date(input.testSuccessAt) : null,
      avatarUrl: input.avatarUrl ?? null,
      createdAt: input.createdAt ? new Date(input.createdAt) : now(),
      userId,
      disabledReason: input.disabledReason ?? null,
    };
    rows.set(row.id, row);
    return copy(row);
  };

  for (const s of seed) insert(s);

  return {
    findWebhooks(query: FindWebhooksQuery) {
      return Promise.resolve(sorted([...rows.values()].filter((r) => r.enabled && routes(r, query))));
    },
    getWebhook(id) {
      const row = rows.get(id);
      return Promise.resolve(row ? copy(row) : null);
    },
    listWebhooks(filter: ListWebhooksFilter = {}) {
      return Promise.resolve(sorted([...rows.values()].filter((r) => matches(r, filter))));
    },
    createWebhook(input) {
      try {
        return Promise.resolve(insert({ name: input.name, webhookUrl: input.webhookUrl, type: input.type, scope: input.scope, userId: input.userId ?? null, avatarUrl: input.avatarUrl ?? null, enabled: input.enabled ?? true }));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    updateWebhook(id, patch: UpdateWebhookInput) {
      const row = rows.get(id);
      if (!row) return Promise.resolve(null);
      const next = applyPatch(row, patch);
      try {
        assertUnique(next.webhookUrl, next.userId, id);
      } catch (error) {
        return Promise.reject(error);
      }
      rows.set(id, next);
      return Promise.resolve(copy(next));
    },
    deleteWebhook(id) {
      return Promise.resolve(rows.delete(id));
    },
    markDelivered(id, at) {
      const row = rows.get(id);
      if (row) row.testSuccessAt = new Date(at);
      return Promise.resolve();
    },
    disableWebhook(id, reason) {
      const row = rows.get(id);
      if (row) {
        row.enabled = false;
        row.disabledReason = reason;
      }
      return Promise.resolve();
    },
  };
}

function routes(r: WebhookRecord, q: FindWebhooksQuery): boolean {
  if (r.type !== q.type || !q.scopes.includes(r.scope)) return false;
  return r.scope !== "USER" || (q.userId != null && r.userId === q.userId);
}

function matches(r: WebhookRecord, f: ListWebhooksFilter): boolean {
  return (
    (f.userId === undefined || r.userId === f.userId) &&
    (f.type === undefined || r.type === f.type) &&
    (f.scope === undefined || r.scope === f.scope) &&
    (f.enabled === undefined || r.enabled === f.enabled)
  );
}

function applyPatch(row: WebhookRecord, patch: UpdateWebhookInput): WebhookRecord {
  const next: WebhookRecord = { ...row };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.webhookUrl !== undefined) next.webhookUrl = patch.webhookUrl;
  if (patch.type !== undefined) next.type = patch.type;
  if (patch.scope !== undefined) next.scope = patch.scope;
  if (patch.userId !== undefined) next.userId = patch.userId;
  if (patch.avatarUrl !== undefined) next.avatarUrl = patch.avatarUrl;
  if (patch.enabled !== undefined) {
    next.enabled = patch.enabled;
    if (patch.enabled) next.disabledReason = null;
  }
  if (patch.disabledReason !== undefined) next.disabledReason = patch.disabledReason;
  return next;
}

function sorted(list: WebhookRecord[]): WebhookRecord[] {
  return list
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(copy);
}

function copy(r: WebhookRecord): WebhookRecord {
  return {
    ...r,
    createdAt: new Date(r.createdAt),
    testSuccessAt: r.testSuccessAt ? new Date(r.testSuccessAt) : null,
  };
}
