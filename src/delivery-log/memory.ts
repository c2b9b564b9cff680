/**
 * The in-process delivery log (the dispatcher's default): a bounded ring of entries per webhook.
 */
import { StoreError } from "../errors.js";
import { matches, normalQuery, normalRetention, retained } from "./ids.js";
import type { DeliveryLog, DeliveryLogEntry, DeliveryLogRetention } from "./types.js";

/** Options of {@link memoryDeliveryLog}. */
export interface MemoryDeliveryLogOptions extends DeliveryLogRetention {
  /** Most webhooks kept; the one written longest ago is dropped first. Default 10 000. */
  maxWebhooks?: number;
  /** Clock of the age retention. Default `Date.now`. */
  now?: () => number;
}

/**
 * A {@link DeliveryLog} in this process's memory: at most `maxPerWebhook` entries (default 100) for each of at most
 * `maxWebhooks` webhooks. Lost on restart and not shared between processes; use a database or Redis log for that.
 *
 * @example
 * ```ts
 * const dispatcher = createDispatcher({ store, deliveryLog: memoryDeliveryLog({ maxPerWebhook: 50 }) });
 * ```
 */
export function memoryDeliveryLog(options: MemoryDeliveryLogOptions = {}): DeliveryLog {
  const retention = normalRetention(options);
  const maxWebhooks = options.maxWebhooks ?? 10_000;
  const now = options.now ?? Date.now;
  // Newest first per webhook; Map order is the order webhooks were last written.
  const rings = new Map<string, DeliveryLogEntry[]>();
  const byId = new Map<string, DeliveryLogEntry>();
  const copy = (e: DeliveryLogEntry): DeliveryLogEntry => ({ ...e, messageIds: [...e.messageIds], createdAt: new Date(e.createdAt) });
  const drop = (entries: readonly DeliveryLogEntry[]): void => {
    for (const e of entries) byId.delete(e.id);
  };

  return {
    append(entries) {
      try {
        for (const entry of entries) {
          const ring = rings.get(entry.webhookId) ?? [];
          rings.delete(entry.webhookId);
          const stored = copy(entry);
          // Newest first. Ids grow with time, so a new entry nearly always goes in front: found in a step or two.
          let at = 0;
          while (at < ring.length && (ring[at]?.id ?? "") > stored.id) at += 1;
          ring.splice(at, 0, stored);
          // Past the count the oldest go, from the end; past the age (when set) any entry too old.
          while (ring.length > retention.maxPerWebhook) {
            const gone = ring.pop();
            if (gone) byId.delete(gone.id);
          }
          let kept = ring;
          if (retention.maxAgeMs !== undefined) {
            kept = retained(ring, retention, now());
            const keep = new Set(kept);
            drop(ring.filter((e) => !keep.has(e)));
          }
          rings.set(entry.webhookId, kept);
          if (kept.includes(stored)) byId.set(entry.id, stored);
        }
        while (rings.size > maxWebhooks) {
          const oldest = rings.keys().next().value;
          if (oldest === undefined) break;
          drop(rings.get(oldest) ?? []);
          rings.delete(oldest);
        }
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(new StoreError("memory", "deliveryLog.append failed", { cause: error }));
      }
    },
    list(webhookId, query) {
      try {
        const q = normalQuery(query);
        const ring = retained(rings.get(webhookId) ?? [], retention, now());
        return Promise.resolve(ring.filter((e) => matches(e, q)).slice(0, q.limit).map(copy));
      } catch (error) {
        return Promise.reject(error instanceof StoreError ? error : asStoreError(error, "list"));
      }
    },
    get(id) {
      const entry = byId.get(id);
      return Promise.resolve(entry ? copy(entry) : null);
    },
  };
}

function asStoreError(error: unknown, method: string): unknown {
  // A bad query is the caller's mistake: it stays a ValidationError.
  if (error instanceof Error && error.name === "ValidationError") return error;
  return new StoreError("memory", `deliveryLog.${method} failed`, { cause: error });
}
