import { ConfigError, NotFoundError, ValidationError } from "../errors.js";
import { verifyOnCreate } from "./verify-on-create.js";
import { deliveryMethods, withLoggedReason } from "./deliveries.js";
import { ownProperty } from "../own.js";
import type { UpdateWebhookInput, WebhookRecord, WebhookStore } from "../types.js";
import { assertCanManage, resolveOwner, visibleOrThrow, webhookIdOrThrow } from "./access.js";
import { assertBelowCap, cooldown, cooldownTarget, DEFAULT_MAX_WEBHOOKS_PER_OWNER, DEFAULT_TEST_COOLDOWN_MS, keyedMutex, testKey } from "./limits.js";
import { parseManagerOptions } from "./options.js";
import { toPublicWebhook } from "./public-view.js";
import { tokenOf } from "../discord/rules.js";
import { reachedDiscord, runTester, toTestResult } from "./tester.js";
import { withStoreErrors } from "./store-errors.js";
import { createWebhookSchema, listFilterSchema, parseInput, updateWebhookSchema, type UpdateWebhookData } from "./schemas.js";
import type {
  Actor,
  TesterResult,
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
 * (the owner has `maxWebhooksPerOwner` already), `CooldownError` (tested, or re-enabled, moments ago), `StoreError`
 * (the database). Creates and owner changes are serialised per owner, so concurrent creates in one process never
 * pass the cap. A test refused before sending (a disabled webhook) does not spend the test cooldown.
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
export function createWebhookManager(rawOptions: WebhookManagerOptions): WebhookManager {
  const options = parseManagerOptions(rawOptions);
  const given = options.store ?? options.dispatcher.store;
  if (!given) throw new ConfigError("createWebhookManager needs a store: pass `store` or a dispatcher that has one.");
  // A custom store's own errors (a driver echoing the webhook URL) become StoreErrors with the token masked.
  const store = withStoreErrors(given);
  const tester = options.dispatcher;
  const testCooldownMs = options.testCooldownMs ?? DEFAULT_TEST_COOLDOWN_MS;
  const tests = cooldown(testCooldownMs, options.now);
  const enables = cooldown(options.enableCooldownMs ?? testCooldownMs, options.now);
  const cap = options.maxWebhooksPerOwner ?? DEFAULT_MAX_WEBHOOKS_PER_OWNER;
  // The cap is read, then written: two creates for one owner must not both read the count before either writes.
  const perOwner = keyedMutex();
  const capped = <T>(owner: string | null, fn: () => Promise<T>): Promise<T> => (owner === null ? fn() : perOwner(owner, fn));
  const forget = (id: string): void => {
    tester.forgetWebhook?.(id);
  };

  const load = async (input: Actor, id: unknown): Promise<{ actor: Actor; current: WebhookRecord }> => {
    const actor = assertCanManage(input);
    const checked = webhookIdOrThrow(id);
    return { actor, current: visibleOrThrow(actor, checked, await store.getWebhook(checked)) };
  };

  const log = options.deliveryLog ?? tester.deliveryLog;
  // Where the table keeps no disable reason, the delivery log says why.
  const view = (record: WebhookRecord) => withLoggedReason(toPublicWebhook(record), log);

  return {
    async list(input, filter: ManagerListFilter = {}) {
      const actor = assertCanManage(input);
      const f = parseInput(listFilterSchema, filter, "list filter");
      const rows = actor.isAdmin ? await store.listWebhooks(f) : await listOwn(store, actor, f);
      return Promise.all(rows.map(view));
    },

    async get(actor, id) {
      return view((await load(actor, id)).current);
    },

    async create(input, body) {
      const actor = assertCanManage(input);
      const data = parseInput(createWebhookSchema, body, "webhook");
      assertNameHoldsNoToken(data.name, [data.webhookUrl]);
      const userId = resolveOwner(actor, data.scope, data.userId, null, true);
      const { name, webhookUrl, type, scope } = data;
      const row = await capped(userId, async () => {
        await assertBelowCap(store, userId, cap);
        return store.createWebhook({ name, webhookUrl, type, scope, userId, avatarUrl: data.avatarUrl ?? null, enabled: data.enabled ?? true });
      });
      forget(row.id);
      if (options.verifyOnCreate === true) await verifyOnCreate(tester, store, row, forget);
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
      if (userId !== current.userId) change.userId = userId;
      if (Object.keys(change).length === 0) return toPublicWebhook(current);
      // Re-enabling is cooled down per Discord webhook id like tests: a disable-by-401, re-enable, event loop over
      // many records of one Discord id would otherwise call Discord with a wrong token as fast as it can.
      const refund = change.enabled === true && !current.enabled ? enables.take(`enable:${cooldownTarget({ ...current, ...change })}`, "re-enabled") : undefined;
      const write = async (): Promise<WebhookRecord | null> => {
        if (change.userId !== undefined) await assertBelowCap(store, userId, cap);
        return store.updateWebhook(current.id, change);
      };
      let row: WebhookRecord | null;
      try {
        row = await (change.userId !== undefined ? capped(userId, write) : write());
      } catch (error) {
        refund?.();
        throw error;
      }
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
      // Taken before the run (two clicks at once send once), given back when nothing reached Discord.
      const refund = tests.take(testKey(actor, current), "tested");
      let result: TesterResult;
      try {
        result = await runTester(tester, mode, current.id);
      } catch (error) {
        refund();
        throw error;
      }
      if (!reachedDiscord(result)) refund();
      const after = (await store.getWebhook(current.id)) ?? current;
      const out = toTestResult(mode, result, after);
      return { ...out, webhook: await withLoggedReason(out.webhook, log) };
    },

    ...deliveryMethods({ store, log, dispatcher: tester, tests, load }),
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
