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
        // Per webhook, the batch's entries newest first (ids grow with time): only the newest maxPerWebhook can stay,
        // so a burst to one webhook copies and places a hundred entries, not thousands.
        const fresh = new Map<string, DeliveryLogEntry[]>();
        for (const entry of entries) {
          const list = fresh.get(entry.webhookId);
          if (list) list.push(entry);
          else fresh.set(entry.webhookId, [entry]);
        }
        for (const [webhookId, list] of fresh) {
          const ring = rings.get(webhookId) ?? [];
          rings.delete(webhookId);
          const newest = list.sort(newerFirst).slice(0, retention.maxPerWebhook).map(copy);
          // Past the count the oldest go, from the end of the ring; past the age (when set) any entry too old.
          const { merged, fromRing } = mergeNewerFirst(newest, ring, retention.maxPerWebhook);
          for (let i = 0; i < merged.length - fromRing; i++) byId.set((newest[i] as DeliveryLogEntry).id, newest[i] as DeliveryLogEntry);
          drop(ring.slice(fromRing));
          const kept = retained(merged, retention, now());
          if (kept.length < merged.length) drop(merged.filter((e) => !kept.includes(e)));
          rings.set(webhookId, kept);
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

/** Orders entries newest first: ids grow with time. */
const newerFirst = (a: DeliveryLogEntry, b: DeliveryLogEntry): number => (a.id > b.id ? -1 : a.id < b.id ? 1 : 0);

/** The first `max` entries of two lists that are each newest first, newest first, and how many came from `b`. */
function mergeNewerFirst(a: readonly DeliveryLogEntry[], b: readonly DeliveryLogEntry[], max: number): { merged: DeliveryLogEntry[]; fromRing: number } {
  const merged: DeliveryLogEntry[] = [];
  let i = 0;
  let j = 0;
  while (merged.length < max && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && newerFirst(x, y) <= 0)) {
      merged.push(x as DeliveryLogEntry);
      i += 1;
    } else {
      merged.push(y);
      j += 1;
    }
  }
  return { merged, fromRing: j };
}

function asStoreError(error: unknown, method: string): unknown {
  // A bad query is the caller's mistake: it stays a ValidationError.
  if (error instanceof Error && error.name === "ValidationError") return error;
  return new StoreError("memory", `deliveryLog.${method} failed`, { cause: error });
}
