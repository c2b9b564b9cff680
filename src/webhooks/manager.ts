import { ConfigError, NotFoundError, ValidationError } from "../errors.js";
import { ownProperty } from "../own.js";
import type { UpdateWebhookInput, WebhookRecord, WebhookStore } from "../types.js";
import { assertCanManage, resolveOwner, visibleOrThrow, webhookIdOrThrow } from "./access.js";
import { assertBelowCap, DEFAULT_MAX_WEBHOOKS_PER_OWNER, DEFAULT_TEST_COOLDOWN_MS, testCooldown } from "./limits.js";
import { toPublicWebhook, tokenOf } from "./public-view.js";
import { runTester, toTestResult } from "./tester.js";
import { withStoreErrors } from "./store-errors.js";
import { createWebhookSchema, listFilterSchema, parseInput, updateWebhookSchema, type UpdateWebhookData } from "./schemas.js";
import type {
  Actor,
  ManagerListFilter,
  TestWebhookOptions,
  WebhookManager,
  WebhookManagerOptions,
} from "./types.js";

/**
 * Webhook management for a settings panel: list, get, create, update, delete and test, each on behalf of an
 * {@link Actor}, with validation (zod) and access control. Everything returned is a {@link PublicWebhook} whose
 * URL has its token masked.
 *
 * Refusals are typed: `ValidationError` / `WebhookUrlError` (bad input; a URL that is not a Discord webhook URL is
 * never fetched), `NotFoundError` (missing or not yours), `ForbiddenError` (ADMIN/PUBLIC scope or another owner
 * for a non-admin, or an actor that is not one), `DuplicateWebhookError` (same URL and owner), `WebhookLimitError`
 * (the owner has `maxWebhooksPerOwner` already), `CooldownError` (tested moments ago), `StoreError` (the database).
 * Ids that are not strings (`formData.get("id")` giving `null` or a `File`) are simply not found.
 *
 * After each successful create, update and delete it calls `dispatcher.forgetWebhook?.(id)`, so a running
 * dispatcher drops what it remembers (a disable, a cached URL) and reads the webhook from the store again.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ store: drizzleStore(db) });
 * const webhooks = createWebhookManager({ dispatcher });
 * await webhooks.create({ userId: "u1", isAdmin: false }, { name: "My servers", webhookUrl, type: "GAME_SERVER", scope: "USER" });
 * ```
 */
export function createWebhookManager(options: WebhookManagerOptions): WebhookManager {
  const given = options.store ?? options.dispatcher.store;
  if (!given) throw new ConfigError("createWebhookManager needs a store: pass `store` or a dispatcher that has one.");
  // A custom store's own errors (a driver echoing the webhook URL) become StoreErrors with the token masked.
  const store = withStoreErrors(given);
  const tester = options.dispatcher;
  const cooldown = testCooldown(options.testCooldownMs ?? DEFAULT_TEST_COOLDOWN_MS, options.now);
  const cap = options.maxWebhooksPerOwner ?? DEFAULT_MAX_WEBHOOKS_PER_OWNER;
  const forget = (id: string): void => {
    tester.forgetWebhook?.(id);
  };

  const load = async (input: Actor, id: unknown): Promise<{ actor: Actor; current: WebhookRecord }> => {
    const actor = assertCanManage(input);
    const checked = webhookIdOrThrow(id);
    return { actor, current: visibleOrThrow(actor, checked, await store.getWebhook(checked)) };
  };

  return {
    async list(input, filter: ManagerListFilter = {}) {
      const actor = assertCanManage(input);
      const f = parseInput(listFilterSchema, filter, "list filter");
      const rows = actor.isAdmin ? await store.listWebhooks(f) : await listOwn(store, actor, f);
      return rows.map(toPublicWebhook);
    },

    async get(actor, id) {
      return toPublicWebhook((await load(actor, id)).current);
    },

    async create(input, body) {
      const actor = assertCanManage(input);
      const data = parseInput(createWebhookSchema, body, "webhook");
      assertNameHoldsNoToken(data.name, [data.webhookUrl]);
      const userId = resolveOwner(actor, data.scope, data.userId, null, true);
      await assertBelowCap(store, userId, cap);
      const { name, webhookUrl, type, scope } = data;
      const row = await store.createWebhook({ name, webhookUrl, type, scope, userId, avatarUrl: data.avatarUrl ?? null, enabled: data.enabled ?? true });
      forget(row.id);
      return toPublicWebhook(row);
    },

    async update(input, id, patch) {
      assertCanManage(input);
      const data = parseInput(updateWebhookSchema, patch, "webhook update");
      const { actor, current } = await load(input, id);
      if (data.name !== undefined || data.webhookUrl !== undefined) {
        assertNameHoldsNoToken(data.name ?? current.name, [data.webhookUrl ?? current.webhookUrl, current.webhookUrl]);
      }
      const userId = resolveOwner(actor, data.scope ?? current.scope, data.userId, current.userId, false);
      const change = toChange(data);
      if (userId !== current.userId) {
        change.userId = userId;
        await assertBelowCap(store, userId, cap);
      }
      if (Object.keys(change).length === 0) return toPublicWebhook(current);
      const row = await store.updateWebhook(current.id, change);
      if (!row) throw new NotFoundError(`Webhook "${current.id}" not found.`);
      forget(row.id);
      return toPublicWebhook(row);
    },

    async delete(actor, id) {
      const { current } = await load(actor, id);
      if (!(await store.deleteWebhook(current.id))) throw new NotFoundError(`Webhook "${current.id}" not found.`);
      forget(current.id);
    },

    async test(input, id, testOptions?: TestWebhookOptions) {
      const { actor, current } = await load(input, id);
      const mode = ownProperty(testOptions, "verify") === true ? "verify" : "test";
      cooldown.take(actor, current);
      const result = await runTester(tester, mode, current.id);
      const after = (await store.getWebhook(current.id)) ?? current;
      return toTestResult(mode, result, after);
    },
  };
}

function toChange(data: UpdateWebhookData): UpdateWebhookInput {
  const change: UpdateWebhookInput = {};
  if (data.name !== undefined) change.name = data.name;
  if (data.webhookUrl !== undefined) change.webhookUrl = data.webhookUrl;
  if (data.type !== undefined) change.type = data.type;
  if (data.scope !== undefined) change.scope = data.scope;
  if (data.avatarUrl !== undefined) change.avatarUrl = data.avatarUrl;
  if (data.enabled !== undefined) change.enabled = data.enabled;
  return change;
}

// The token of the webhook's own URL is refused in its name even bare (without the URL around it).
function assertNameHoldsNoToken(name: string, urls: readonly string[]): void {
  const tokens = urls.flatMap(tokenOf);
  if (tokens.some((t) => name.includes(t))) {
    throw new ValidationError("webhook", [{ path: "name", message: "must not contain the webhook's token" }]);
  }
}

async function listOwn(store: WebhookStore, actor: Actor, f: ManagerListFilter): Promise<WebhookRecord[]> {
  // A filter narrows what a user may see; it never widens it, so asking for someone else's finds nothing.
  if ((f.scope !== undefined && f.scope !== "USER") || (f.userId !== undefined && f.userId !== actor.userId)) return [];
  return store.listWebhooks({ ...f, scope: "USER", userId: actor.userId });
}
