import { ConfigError, DispatcherError, NotFoundError, StoreError } from "../errors.js";
import type { UpdateWebhookInput, WebhookRecord, WebhookStore } from "../types.js";
import { assertCanManage, resolveOwner, visibleOrThrow } from "./access.js";
import { describeTestError, toPublicWebhook, tokenOf } from "./public-view.js";
import { createWebhookSchema, listFilterSchema, parseInput, updateWebhookSchema } from "./schemas.js";
import type {
  Actor,
  ManagerListFilter,
  TesterResult,
  TestWebhookOptions,
  WebhookManager,
  WebhookManagerOptions,
  WebhookTester,
  WebhookTestResult,
} from "./types.js";

/**
 * Webhook management for a settings panel: list, get, create, update, delete and test, each on behalf of an
 * {@link Actor}, with validation (zod) and access control. Everything returned is a {@link PublicWebhook} whose
 * URL has its token masked.
 *
 * Refusals are typed: `ValidationError` / `WebhookUrlError` (bad input; a URL that is not a Discord webhook URL is
 * never fetched), `NotFoundError` (missing or not yours), `ForbiddenError` (ADMIN/PUBLIC scope or another owner
 * for a non-admin), `DuplicateWebhookError` (same URL and owner), `StoreError` (the database failed).
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ store: drizzleStore(db) });
 * const webhooks = createWebhookManager({ dispatcher });
 * await webhooks.create({ userId: "u1", isAdmin: false }, { name: "My servers", webhookUrl, type: "GAME_SERVER", scope: "USER" });
 * ```
 */
export function createWebhookManager(options: WebhookManagerOptions): WebhookManager {
  const store = options.store ?? options.dispatcher.store;
  if (!store) throw new ConfigError("createWebhookManager needs a store: pass `store` or a dispatcher that has one.");
  const tester = options.dispatcher;

  const load = async (actor: Actor, id: string): Promise<WebhookRecord> => {
    assertCanManage(actor);
    return visibleOrThrow(actor, id, await store.getWebhook(id));
  };

  return {
    async list(actor, filter: ManagerListFilter = {}) {
      assertCanManage(actor);
      const f = parseInput(listFilterSchema, filter, "list filter");
      const rows = actor.isAdmin ? await store.listWebhooks(f) : await listOwn(store, actor, f);
      return rows.map(toPublicWebhook);
    },

    async get(actor, id) {
      return toPublicWebhook(await load(actor, id));
    },

    async create(actor, input) {
      assertCanManage(actor);
      const data = parseInput(createWebhookSchema, input, "webhook");
      const userId = resolveOwner(actor, data.scope, data.userId, null, true);
      const row = await store.createWebhook({
        name: data.name,
        webhookUrl: data.webhookUrl,
        type: data.type,
        scope: data.scope,
        userId,
        avatarUrl: data.avatarUrl ?? null,
        enabled: data.enabled ?? true,
      });
      return toPublicWebhook(row);
    },

    async update(actor, id, patch) {
      assertCanManage(actor);
      const data = parseInput(updateWebhookSchema, patch, "webhook update");
      const current = await load(actor, id);
      const userId = resolveOwner(actor, data.scope ?? current.scope, data.userId, current.userId, false);
      const change: UpdateWebhookInput = {};
      if (data.name !== undefined) change.name = data.name;
      if (data.webhookUrl !== undefined) change.webhookUrl = data.webhookUrl;
      if (data.type !== undefined) change.type = data.type;
      if (data.scope !== undefined) change.scope = data.scope;
      if (data.avatarUrl !== undefined) change.avatarUrl = data.avatarUrl;
      if (data.enabled !== undefined) change.enabled = data.enabled;
      if (userId !== current.userId) change.userId = userId;
      if (Object.keys(change).length === 0) return toPublicWebhook(current);
      const row = await store.updateWebhook(id, change);
      if (!row) throw new NotFoundError(`Webhook "${current.id}" not found.`);
      return toPublicWebhook(row);
    },

    async delete(actor, id) {
      const current = await load(actor, id);
      if (!(await store.deleteWebhook(current.id))) throw new NotFoundError(`Webhook "${current.id}" not found.`);
    },

    async test(actor, id, testOptions: TestWebhookOptions = {}) {
      const current = await load(actor, id);
      const mode = testOptions.verify ? "verify" : "test";
      const result = await runTester(tester, mode, current.id);
      const after = (await store.getWebhook(current.id)) ?? current;
      return toTestResult(mode, result, after);
    },
  };
}

async function listOwn(store: WebhookStore, actor: Actor, f: ManagerListFilter): Promise<WebhookRecord[]> {
  // A filter narrows what a user may see; it never widens it, so asking for someone else's finds nothing.
  if ((f.scope !== undefined && f.scope !== "USER") || (f.userId !== undefined && f.userId !== actor.userId)) return [];
  return store.listWebhooks({ ...f, scope: "USER", userId: actor.userId });
}

async function runTester(tester: WebhookTester, mode: "test" | "verify", id: string): Promise<TesterResult> {
  if (mode === "verify" && !tester.verify) throw new ConfigError("This dispatcher cannot verify webhooks.");
  try {
    return mode === "verify" && tester.verify ? await tester.verify(id) : await tester.test(id);
  } catch (error) {
    // The store failing, or the webhook vanishing meanwhile, are errors of the request itself.
    if (error instanceof StoreError || error instanceof NotFoundError) throw error;
    // Anything else (disabled webhook, dispatcher closed) is still an answer for the person clicking "Test".
    if (error instanceof DispatcherError) return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: "TEST_FAILED", message: "The test could not be run." } };
  }
}

function toTestResult(mode: "test" | "verify", result: TesterResult, after: WebhookRecord): WebhookTestResult {
  return {
    ok: result.ok,
    mode,
    status: typeof result.status === "number" ? result.status : null,
    error: result.ok ? null : describeTestError(result, tokenOf(after.webhookUrl)),
    webhook: toPublicWebhook(after),
  };
}
