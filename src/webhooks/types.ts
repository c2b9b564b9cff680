/**
 * Types of the management layer: who acts, what they see, and what a test reports.
 */
import type { DeliveryLog } from "../delivery-log/types.js";
import type { WebhookScope, WebhookStore, WebhookType } from "../types.js";
export type { TesterResult } from "./delivery-types.js";
import type { DeliveriesQuery, DeliveryLogTester, TesterResult, PublicDelivery, ResendFailedOptions, ResendFailedResult, ResendOutcome } from "./delivery-types.js";

/**
 * Who is asking. `userId` is the signed-in customer (or `null` for a staff account without one);
 * `isAdmin` grants management of every webhook, including ADMIN and PUBLIC scope.
 */
export interface Actor {
  userId: string | null;
  isAdmin: boolean;
}

/**
 * A webhook as it may leave the package: the URL's token is masked (`.../webhooks/{id}/***`), never present.
 */
export interface PublicWebhook {
  id: string;
  name: string;
  /** The canonical URL with the token replaced by `***`. */
  webhookUrl: string;
  /** Discord's id of the webhook (not secret), handy for showing which Discord webhook this is. */
  discordWebhookId: string | null;
  type: WebhookType;
  scope: WebhookScope;
  enabled: boolean;
  /** Why the dispatcher disabled it (e.g. Discord answered 404), or `null`. */
  disabledReason: string | null;
  /** When a message last reached Discord through it (a test or a delivery). */
  testSuccessAt: Date | null;
  avatarUrl: string | null;
  createdAt: Date;
  userId: string | null;
}


/**
 * What the manager needs from a dispatcher: its store, and `test` (sends a test embed, records `testSuccessAt`,
 * disables the webhook on 404/401). `verify` (a GET without posting) is optional.
 * `createDispatcher()`'s result satisfies it.
 */
export interface WebhookTester {
  test(webhookId: string): Promise<TesterResult>;
  verify?(webhookId: string): Promise<TesterResult>;
  /**
   * Drops whatever the dispatcher remembers about the webhook (a disable, a cached record, a learned URL) so the
   * next event reads it from the store. Called after every successful create, update and delete.
   */
  forgetWebhook?(webhookId: string): void;
}

/** Options of `createWebhookManager`. */
export interface WebhookManagerOptions {
  /** The dispatcher: it tests webhooks and, unless `store` is given, provides the store. */
  dispatcher: WebhookTester & DeliveryLogTester & { store?: WebhookStore };
  /** The delivery log to read. Default: `dispatcher.deliveryLog`. */
  deliveryLog?: DeliveryLog;
  /**
   * Verify each new webhook with Discord (a GET, no message) before answering `create`: when Discord says it does
   * not exist (404) or its token is wrong (401) the webhook is removed again and `create` rejects with
   * `WebhookVerificationError` (422 from the routes). Other failures (Discord down) keep it. Default `false`.
   */
  verifyOnCreate?: boolean;
  /** The store to manage. Default: `dispatcher.store`. */
  store?: WebhookStore;
  /**
   * Least time between two tests (or verifies) of one webhook by one actor, in milliseconds; sooner is a
   * `CooldownError` (429 with `Retry-After` from the routes). Per process. `0` turns it off; at most 2147483647. Default 5000.
   * Only tests whose request reached Discord count: one refused before sending (a disabled webhook) does not.
   */
  testCooldownMs?: number;
  /**
   * Least time between two re-enables (`enabled: false` -> `true`) of webhooks with one Discord webhook id, by any
   * actor, in milliseconds; sooner is a `CooldownError` (429 with `Retry-After` from the routes). Keyed by Discord's
   * id, not the record: many records of one Discord id share it. Per process. `0` turns it off.
   * Default: `testCooldownMs`.
   */
  enableCooldownMs?: number;
  /**
   * Most webhooks one owner (`userId`) may have; one more is a `WebhookLimitError` (409). A whole number, or
   * `Infinity` for no cap. Default 25. Exact within
   * one manager (creates are serialised per owner); several processes can each pass it at once.
   */
  maxWebhooksPerOwner?: number;
  /** The clock of the test and re-enable cooldowns, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Input of `create`. Validated at run time (the type is a hint for callers, the schema is the truth). */
export interface CreateWebhookRequest {
  name: string;
  /** Any form users paste (`discordapp.com`, `/api/webhooks/...`): it is canonicalised before storing. */
  webhookUrl: string;
  type: WebhookType;
  scope: WebhookScope;
  /** Owner. Forced to the actor for non-admins; required (or defaulted to the admin) for USER scope. */
  userId?: string | null;
  /** An `https://` image URL. */
  avatarUrl?: string | null;
  enabled?: boolean;
}

/** Input of `update`, a subset of the create fields; `null` clears `userId` / `avatarUrl`. */
export type UpdateWebhookRequest = Partial<CreateWebhookRequest>;

/** Optional narrowing of `list`. Non-admins only ever get their own USER-scope webhooks, whatever the filter. */
export interface ManagerListFilter {
  type?: WebhookType;
  scope?: WebhookScope;
  enabled?: boolean;
  /** Admins only: list one owner's webhooks (`null`: those without an owner). */
  userId?: string | null;
}

/** Options of `test`. */
export interface TestWebhookOptions {
  /** Only check that the webhook exists at Discord (GET), without posting a message. */
  verify?: boolean;
}

/** The outcome of a test, free of tokens. */
export interface WebhookTestResult {
  ok: boolean;
  /** `"test"` posted a message; `"verify"` only checked that the webhook exists. */
  mode: "test" | "verify";
  status: number | null;
  error: { code: string; message: string } | null;
  /** The webhook after the test (with `testSuccessAt` set, or `enabled: false` when Discord said it is gone). */
  webhook: PublicWebhook;
}

/** Create, read, update, delete, list and test webhooks on behalf of an {@link Actor}. */
export interface WebhookManager {
  list(actor: Actor, filter?: ManagerListFilter): Promise<PublicWebhook[]>;
  get(actor: Actor, id: string): Promise<PublicWebhook>;
  /** Validates `input` at run time (it may come straight from a request body). */
  create(actor: Actor, input: CreateWebhookRequest): Promise<PublicWebhook>;
  /** Validates `patch` at run time (it may come straight from a request body). */
  update(actor: Actor, id: string, patch: UpdateWebhookRequest): Promise<PublicWebhook>;
  delete(actor: Actor, id: string): Promise<void>;
  test(actor: Actor, id: string, options?: TestWebhookOptions): Promise<WebhookTestResult>;
  /**
   * The webhook's delivery log, newest first (visibility as for `get`: another's webhook is `NotFoundError`).
   * A bad query is a `ValidationError`.
   */
  deliveries(actor: Actor, webhookId: string, query?: DeliveriesQuery): Promise<PublicDelivery[]>;
  /**
   * Sends a logged delivery's body again to its webhook only (not a fan-out), logged as a new entry with
   * `resendOf`. Spends the test cooldown (`CooldownError`); the dispatcher's invalid-request brake applies.
   * Rejects with `NotFoundError` (unknown entry, or not the actor's), `DeliveryRefusedError` (webhook disabled:
   * fix it first), `ValidationError` (a body cut by the log's size bound).
   */
  resend(actor: Actor, deliveryId: string): Promise<ResendOutcome>;
  /**
   * After a disabled webhook was fixed (a new URL pasted, re-enabled): re-sends its failed deliveries since
   * `options.since` (default: the last 24 hours), oldest first, each once (entries already re-sent successfully,
   * resends themselves and cut bodies are left out; at most 100). One test cooldown per call.
   */
  resendFailed(actor: Actor, webhookId: string, options?: ResendFailedOptions): Promise<ResendFailedResult>;
}
