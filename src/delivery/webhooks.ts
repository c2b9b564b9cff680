/**
 * What this process knows about webhooks, and what it writes back to the store. The store is the one truth:
 * records are cached for a few seconds at most (refreshed by every routed event, dropped by `forget`), and the only
 * thing remembered beyond that is a disable the store has not accepted yet. Store writes have a deadline, are
 * coalesced (`markDeliveredMany`), never hold a lane, and every failure is reported.
 */
import { redact } from "../discord/redact.js";
import { parseWebhookUrl, type ParsedWebhookUrl } from "../discord/webhook-url.js";
import { DeliveryRefusedError, DispatcherError, StoreError } from "../errors.js";
import type { WebhookRecord, WebhookStore } from "../types.js";
import type { Observer } from "./observe.js";
import { tokensIn } from "../transports/safe-error.js";
import type { HookWebhook } from "./types.js";

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

/** The directory. */
export interface Webhooks {
  /** Takes a fresh record (from routing); gives the refusal when it must not be sent to. */
  prime(record: WebhookRecord): DispatcherError | undefined;
  /** The webhook as the store says now (cached for a few seconds). */
  lookup(id: string): Promise<Lookup>;
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
}

/** Creates the directory over `store`. */
export function createWebhooks(store: WebhookStore, observer: Observer, storeTimeoutMs: number, clock: () => Date): Webhooks {
  const cache = new Map<string, { target: Target | DispatcherError; enabled: boolean; at: number; url: string; name: string }>();
  /** Disables Discord asked for that the store has not accepted yet: refused until a write succeeds. */
  const pendingDisable = new Map<string, { target: Target; reason: string; writing: boolean }>();
  let batch = new Map<string, Target>();
  let waiters: (() => void)[] = [];
  let writing = false;
  let storeErrors = 0;
  const abandoners = new Set<() => void>();
  let gaveUp = false;

  /** `run()` under the store deadline; close() stops waiting for it (the write may still land). */
  const bounded = async <T>(operation: string, run: () => Promise<T>): Promise<T | undefined> => {
    if (gaveUp) {
      // Closed and out of time: still write, but nobody waits for it.
      run().catch(() => undefined);
      return undefined;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let abandon: () => void = () => undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new StoreError("store", `${operation} did not answer within ${storeTimeoutMs} ms`));
      }, storeTimeoutMs);
    });
    const abandoned = new Promise<undefined>((resolve) => {
      abandon = () => {
        resolve(undefined);
      };
    });
    abandoners.add(abandon);
    try {
      return await Promise.race([run(), deadline, abandoned]);
    } finally {
      clearTimeout(timer);
      abandoners.delete(abandon);
    }
  };

  const write = async (operation: "markDelivered" | "disableWebhook", targets: Target[], run: () => Promise<void>): Promise<boolean> => {
    try {
      await bounded(operation, run);
      return true;
    } catch (error) {
      storeErrors += 1;
      const storeError = error instanceof StoreError ? error : new StoreError("store", `${operation} failed`, { cause: error });
      const webhooks = targets.map((t) => t.view);
      observer.log("error", `store.${operation} failed`, { webhooks, error: redact(storeError.message) });
      observer.hook("onStoreError", { operation, webhooks, error: storeError });
      return false;
    }
  };

  const flushDelivered = async (): Promise<void> => {
    if (writing) return;
    writing = true;
    // Whatever arrives while one write runs goes into the next one: a fan-out costs a few statements, not one each.
    while (batch.size > 0) {
      const targets = [...batch.values()];
      const done = waiters;
      batch = new Map();
      waiters = [];
      const ids = targets.map((t) => t.id);
      const at = clock();
      await write("markDelivered", targets, () => (store.markDeliveredMany ? store.markDeliveredMany(ids, at) : Promise.all(ids.map((id) => store.markDelivered(id, at))).then(() => undefined)));
      for (const w of done) w();
    }
    writing = false;
  };

  const writeDisable = async (id: string): Promise<boolean> => {
    const pending = pendingDisable.get(id);
    if (!pending || pending.writing) return false;
    pending.writing = true;
    const ok = await write("disableWebhook", [pending.target], () => store.disableWebhook(id, pending.reason));
    pending.writing = false;
    if (!ok || pendingDisable.get(id) !== pending) return false;
    pendingDisable.delete(id);
    const known = cache.get(id);
    if (known) cache.set(id, { ...known, enabled: false, at: performance.now() });
    observer.log("error", "webhook disabled", { webhook: pending.target.view, reason: pending.reason });
    observer.hook("onDisabled", { webhook: pending.target.view, reason: pending.reason });
    return true;
  };

  const refusal = (id: string, why: string): DispatcherError => new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${id}" ${why}; delivery refused`);
  const remember = (record: WebhookRecord): Target | DispatcherError => {
    const known = cache.get(record.id);
    // Parsing and redacting once per record version keeps a busy webhook's per-event cost flat.
    const target = known && known.url === record.webhookUrl && known.name === record.name ? known.target : toTarget(record);
    cache.set(record.id, { target, enabled: record.enabled, at: performance.now(), url: record.webhookUrl, name: record.name });
    return target;
  };
  const verdict = (id: string, target: Target | DispatcherError, enabled: boolean): DispatcherError | undefined => {
    if (pendingDisable.has(id)) {
      void writeDisable(id);
      return refusal(id, "was disabled in this process (the store has not accepted the disable yet)");
    }
    if (target instanceof DispatcherError) return target;
    return enabled ? undefined : refusal(id, "is disabled in the store");
  };

  return {
    prime(record) {
      return verdict(record.id, remember(record), record.enabled);
    },
    async lookup(id) {
      let entry = cache.get(id);
      if (!entry || performance.now() - entry.at > RECORD_TTL_MS) {
        let record: WebhookRecord | null;
        try {
          record = (await bounded("getWebhook", () => store.getWebhook(id))) ?? null;
        } catch (error) {
          observer.log("error", "store.getWebhook failed; retrying", { webhook: { id }, error: redact(error instanceof Error ? error.message : String(error)) });
          return { retryInMs: 1000 };
        }
        if (!record) {
          cache.delete(id);
          return { refused: refusal(id, "no longer exists in the store") };
        }
        remember(record);
        entry = cache.get(id);
      }
      if (!entry) return { refused: refusal(id, "no longer exists in the store") };
      const refused = verdict(id, entry.target, entry.enabled);
      return refused ? { refused } : { target: entry.target as Target };
    },
    delivered(target) {
      batch.set(target.id, target);
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      // The next turn, so answers arriving together share one write.
      if (!writing) setImmediate(() => void flushDelivered());
      return done;
    },
    disable(target, reason) {
      pendingDisable.set(target.id, { target, reason, writing: false });
      return writeDisable(target.id);
    },
    view(record) {
      const known = cache.get(record.id);
      return known && known.url === record.webhookUrl && known.name === record.name && !(known.target instanceof DispatcherError) ? known.target.view : webhookView(record);
    },
    forget(id) {
      cache.delete(id);
      pendingDisable.delete(id);
    },
    abandon() {
      gaveUp = true;
      for (const a of [...abandoners]) a();
    },
    counts: () => ({ storeErrors, pendingWrites: batch.size + (writing ? 1 : 0) + [...pendingDisable.values()].filter((p) => p.writing).length }),
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
  return { id: record.id, name: redact(record.name, secrets), url: redact(url, secrets) };
}
