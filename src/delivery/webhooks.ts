/**
 * What this process knows about webhooks, and what it writes back to the store. The store is the one truth:
 * records are cached for a few seconds at most (refreshed by every routed event, dropped by `forget`), and the only
 * thing remembered beyond that is a disable the store has not accepted yet (webhook-disables.ts). Writes go through
 * store-writes.ts.
 */
import { maskWebhookUrl, redact, tokensIn } from "../discord/redact.js";
import { parseWebhookUrl, type ParsedWebhookUrl } from "../discord/webhook-url.js";
import { DeliveryRefusedError, DispatcherError } from "../errors.js";
import type { WebhookRecord, WebhookStore } from "../types.js";
import type { Observer } from "./observe.js";
import { createStoreWrites } from "./store-writes.js";
import { pendingDisables } from "./webhook-disables.js";
import type { HookWebhook } from "./hooks.js";

/** How long a record read from the store is trusted without reading it again. */
const RECORD_TTL_MS = 10_000;

/** A webhook ready to send to. `url` is secret; `view` is what logs, hooks and results may show. */
export interface Target {
  id: string;
  discordId: string;
  url: string;
  threadId: string | undefined;
  view: HookWebhook;
}

/** What the lane reads: a target, a refusal (fail what is queued), or a store that did not answer (retry later). */
export type Lookup = { target: Target } | { refused: DispatcherError } | { retryInMs: number };

/** A record as last read: its target (or why it cannot be one), whether enabled, when read, from what. */
interface CacheEntry {
  target: Target | DispatcherError;
  enabled: boolean;
  at: number;
  url: string;
  name: string;
}

/**
 * The webhooks as the lanes see them: records read from the store and cached for a few seconds, refusals for
 * webhooks disabled or gone, and the store writes their deliveries and disables cause.
 */
export interface Webhooks {
  /** Takes a fresh record (from routing): its target (parsed once per version), or why it must not be sent to. */
  prime(record: WebhookRecord): Target | DispatcherError;
  /**
   * The webhook as the store says now (cached for a few seconds): answered at once, without a promise, while the
   * cached record is fresh; a promise when the store must be read.
   */
  lookup(id: string): Lookup | Promise<Lookup>;
  /** Records a delivery (coalesced); resolves once written or reported failed, never rejects. */
  delivered(target: Target): Promise<void>;
  /** Refuses the webhook from now on and writes the disable; resolves `true` once the store accepted it. */
  disable(target: Target, reason: string): Promise<boolean>;
  /** The token-free view of a record (cached with it). */
  view(record: WebhookRecord): HookWebhook;
  /** Forgets the cached record and any pending disable. */
  forget(id: string): void;
  /** Stops waiting for writes in flight (close): their waiters resolve at once. */
  abandon(): void;
  /** Store writes that failed so far, and writes queued or in flight. */
  counts(): { storeErrors: number; pendingWrites: number };
  /** Records and pending disables held now, after dropping records past their TTL. */
  tracked(): number;
}

/** Creates the directory over `store`. */
export function createWebhooks(store: WebhookStore, observer: Observer, storeTimeoutMs: number, now: () => Date): Webhooks {
  const cache = new Map<string, CacheEntry>();
  const writes = createStoreWrites(store, observer, storeTimeoutMs, now);
  const disables = pendingDisables(store, writes, observer, (id) => {
    const known = cache.get(id);
    if (known) cache.set(id, { ...known, enabled: false, at: performance.now() });
  });
  let nextSweep = 0;
  /** Drops records past their TTL (a lookup would read them again), at most once per TTL, no timer. */
  const sweep = (force = false): void => {
    const t = performance.now();
    if (t < nextSweep && !force) return;
    nextSweep = t + RECORD_TTL_MS;
    for (const [id, entry] of cache) if (t - entry.at > RECORD_TTL_MS && !disables.has(id)) cache.delete(id);
  };

  const refusal = (id: string, why: string): DispatcherError => new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${id}" ${why}; delivery refused`);
  const remember = (record: WebhookRecord): Target | DispatcherError => {
    sweep();
    const known = cache.get(record.id);
    // Parsing and redacting once per record version keeps a busy webhook's per-event cost flat.
    const target = known && known.url === record.webhookUrl && known.name === record.name ? known.target : toTarget(record);
    cache.set(record.id, { target, enabled: record.enabled, at: performance.now(), url: record.webhookUrl, name: record.name });
    return target;
  };
  const verdict = (id: string, target: Target | DispatcherError, enabled: boolean): DispatcherError | undefined => {
    if (disables.retry(id)) {
      return refusal(id, "was disabled in this process (the store has not accepted the disable yet)");
    }
    if (target instanceof DispatcherError) return target;
    return enabled ? undefined : refusal(id, "is disabled in the store");
  };
  const found = (id: string, entry: CacheEntry): Lookup => {
    const refused = verdict(id, entry.target, entry.enabled);
    return refused ? { refused } : { target: entry.target as Target };
  };
  /** Reads the record from the store (not cached, or stale). */
  const read = async (id: string): Promise<Lookup> => {
    let record: WebhookRecord | null;
    try {
      const answer = await writes.bounded("getWebhook", () => store.getWebhook(id));
      // `undefined`: close() stopped waiting; the lane hands back and close() settles its jobs.
      if (answer === undefined) return { retryInMs: 1000 };
      record = answer;
    } catch (error) {
      observer.log("error", "store.getWebhook failed; retrying", { webhook: { id }, error: redact(error instanceof Error ? error.message : String(error)) });
      return { retryInMs: 1000 };
    }
    if (!record) {
      cache.delete(id);
      return { refused: refusal(id, "no longer exists in the store") };
    }
    remember(record);
    const entry = cache.get(id);
    return entry ? found(id, entry) : { refused: refusal(id, "no longer exists in the store") };
  };

  return {
    prime(record) {
      const target = remember(record);
      return verdict(record.id, target, record.enabled) ?? target;
    },
    lookup(id) {
      const entry = cache.get(id);
      return entry && performance.now() - entry.at <= RECORD_TTL_MS ? found(id, entry) : read(id);
    },
    delivered: (target) => writes.delivered(target),
    disable: (target, reason) => disables.disable(target, reason),
    view(record) {
      const known = cache.get(record.id);
      return known && known.url === record.webhookUrl && known.name === record.name && !(known.target instanceof DispatcherError) ? known.target.view : webhookView(record);
    },
    forget(id) {
      cache.delete(id);
      disables.forget(id);
    },
    abandon: () => {
      writes.abandon();
    },
    counts: () => {
      const c = writes.counts();
      return { storeErrors: c.storeErrors, pendingWrites: c.pendingWrites + disables.writing() };
    },
    tracked: () => {
      sweep(true);
      return cache.size + disables.size();
    },
  };
}

/** The parsed, token-free view of a record; a URL that does not parse is the delivery's error. */
function toTarget(record: WebhookRecord): Target | DispatcherError {
  let parsed: ParsedWebhookUrl;
  try {
    parsed = parseWebhookUrl(record.webhookUrl);
  } catch (error) {
    return error instanceof DispatcherError ? error : new DeliveryRefusedError("WEBHOOK_DISABLED", "Stored webhook URL is unusable");
  }
  return { id: record.id, discordId: parsed.id, url: parsed.url, threadId: parsed.threadId, view: webhookView(record, parsed.url) };
}

/** How a webhook appears in logs, hooks and results: name and URL with every token masked. */
export function webhookView(record: Pick<WebhookRecord, "id" | "name" | "webhookUrl">, url = record.webhookUrl): HookWebhook {
  const secrets = tokensIn(record.webhookUrl);
  return { id: record.id, name: redact(record.name, secrets), url: maskWebhookUrl(url, secrets) };
}
