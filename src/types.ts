/**
 * The data model and the two ports (store, transport) that the core talks to.
 * Adapters implement {@link WebhookStore}; transports implement {@link Transport}.
 */

// ---------------------------------------------------------------------------------------------------------------
// Data model
// ---------------------------------------------------------------------------------------------------------------

/** The seven webhook types. Each event family belongs to exactly one. */
export const WEBHOOK_TYPES = ["GAME_SERVER", "VPS", "SYSTEM", "BILLING", "SECURITY", "SUPPORT", "CUSTOM"] as const;
/** A webhook type: which family of events a webhook receives. */
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/** The three audiences. */
export const WEBHOOK_SCOPES = ["ADMIN", "USER", "PUBLIC"] as const;
/** A webhook scope: ADMIN (staff), USER (one customer's own webhook), PUBLIC (a community channel). */
export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];

/** A Discord webhook as the host's database holds it. */
export interface WebhookRecord {
  /** Primary key (a string; the package's adapters generate cuid-like ids, as Prisma's `@default(cuid())` does). */
  id: string;
  /** Human-readable name, 1-80 characters. */
  name: string;
  /** Canonical webhook URL (`https://discord.com/api/v10/webhooks/{id}/{token}`). Secret: never log it. */
  webhookUrl: string;
  type: WebhookType;
  scope: WebhookScope;
  /** Disabled webhooks receive nothing. */
  enabled: boolean;
  /** When a message last reached Discord through this webhook. */
  testSuccessAt: Date | null;
  /** Avatar shown on messages sent through this webhook. */
  avatarUrl: string | null;
  createdAt: Date;
  /** Owner; required for USER scope. */
  userId: string | null;
  /**
   * Why the webhook was disabled by the dispatcher (e.g. Discord answered 404 Unknown Webhook). Stored only when the
   * table has the optional `disabledReason` column; otherwise always `null` (the reason is in the logs and hooks).
   */
  disabledReason: string | null;
}

/** Fields a caller gives to create a webhook. The store assigns `id` and `createdAt`. */
export interface CreateWebhookInput {
  name: string;
  webhookUrl: string;
  type: WebhookType;
  scope: WebhookScope;
  userId?: string | null;
  avatarUrl?: string | null;
  /** Defaults to `true`. */
  enabled?: boolean;
}

/** Fields a caller may change. `undefined` leaves a field as it is; `null` clears a nullable one. */
export interface UpdateWebhookInput {
  name?: string;
  webhookUrl?: string;
  type?: WebhookType;
  scope?: WebhookScope;
  userId?: string | null;
  avatarUrl?: string | null;
  enabled?: boolean;
  /** Setting `enabled: true` clears it unless given. */
  disabledReason?: string | null;
}

/** What the dispatcher asks the store when routing an event. */
export interface FindWebhooksQuery {
  type: WebhookType;
  /** Scopes to include; an empty list finds nothing. */
  scopes: readonly WebhookScope[];
  /**
   * The customer the event is about. USER-scope webhooks match only when their `userId` equals this;
   * without it, no USER-scope webhook matches. ADMIN and PUBLIC webhooks match whatever their owner.
   */
  userId?: string | null;
}

/** Filters for listing webhooks (management). Every given field must match. */
export interface ListWebhooksFilter {
  /** `null` lists webhooks without an owner. */
  userId?: string | null;
  type?: WebhookType;
  scope?: WebhookScope;
  enabled?: boolean;
}

/**
 * The storage port. Adapters (memory, Prisma, Drizzle, your own) implement it; `runStoreConformance` from
 * `discord-webhook-dispatcher/testing` proves an implementation.
 *
 * Contract:
 * - Every method MUST reject only with a `StoreError` (a `DuplicateWebhookError` for uniqueness), with the
 *   driver error as `cause` and a one-line message that names the method and what failed.
 * - `(webhookUrl, userId)` MUST be unique, with two `null` owners counting as equal.
 * - Lists MUST be ordered by `createdAt`, then `id`.
 * - Unknown ids MUST NOT throw: `getWebhook` gives `null`, `updateWebhook` gives `null`, `deleteWebhook` gives `false`,
 *   `markDelivered`, `markDeliveredMany` and `disableWebhook` do nothing.
 * - `disableWebhook` MUST set `enabled = false` even where the table has no `disabledReason` column.
 */
export interface WebhookStore {
  /** The enabled webhooks of `query.type` for the given scopes and owner, in one query. */
  findWebhooks(query: FindWebhooksQuery): Promise<WebhookRecord[]>;
  getWebhook(id: string): Promise<WebhookRecord | null>;
  listWebhooks(filter?: ListWebhooksFilter): Promise<WebhookRecord[]>;
  createWebhook(input: CreateWebhookInput): Promise<WebhookRecord>;
  updateWebhook(id: string, patch: UpdateWebhookInput): Promise<WebhookRecord | null>;
  deleteWebhook(id: string): Promise<boolean>;
  /** Records a successful delivery: sets `testSuccessAt` to `at`. */
  markDelivered(id: string, at: Date): Promise<void>;
  /** Sets `enabled = false` and records why (cut to 191 characters ending in "…", where the table keeps it). Idempotent. */
  disableWebhook(id: string, reason: string): Promise<void>;
  /** Sets `testSuccessAt = at` on every listed webhook in one statement where the backend allows. Ids that do not exist are ignored. */
  markDeliveredMany?(ids: readonly string[], at: Date): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Transport
// ---------------------------------------------------------------------------------------------------------------

/** The HTTP methods the dispatcher sends to Discord. */
export type HttpMethod = "POST" | "GET" | "PATCH" | "DELETE";

/** One HTTP request to Discord. */
export interface TransportRequest {
  /**
   * `POST` executes the webhook; `GET` reads it (verification); `PATCH` / `DELETE` edit or delete a message it sent
   * (`.../messages/{id}`). Defaults to `POST`.
   */
  method?: HttpMethod;
  /**
   * The canonical Discord URL including query (`https://discord.com/api/v10/webhooks/{id}/{token}?wait=true`).
   * A transport may rewrite the `https://discord.com/api/v10` prefix (see `fetchTransport({ apiBaseUrl })`).
   */
  url: string;
  /** JSON body for POST and PATCH. */
  body?: unknown;
  /**
   * Files of a POST: send the request as multipart, `body` as the `payload_json` part and file `n` as the part
   * `files[n]` (the body's `attachments` list names them by index). Build a fresh body on every call: a retry sends
   * the same files again.
   */
  files?: readonly TransportFile[];
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** A file of a {@link TransportRequest}. */
export interface TransportFile {
  /** The file name Discord shows (and `attachment://name` in an embed points at). */
  name: string;
  /** The part's content type, e.g. `text/plain`. */
  contentType: string;
  data: Uint8Array;
}

/** What Discord answered. Headers have lower-case names. */
export interface TransportResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the answer was JSON, else the text, else `null`. */
  body: unknown;
}

/**
 * Sends one request and returns whatever status came back. MUST NOT retry or sleep. Rejects with a
 * `TransportError` (code `TRANSPORT` or `TIMEOUT`) only when no HTTP answer arrived.
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /**
   * Where requests really go, when the transport sends Discord's URLs elsewhere (`fetchTransport` sets it). The
   * dispatcher logs it once at creation when it is not `https://discord.com/api/v10`.
   */
  readonly apiBaseUrl?: string;
}
