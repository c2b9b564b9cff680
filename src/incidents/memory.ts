/**
 * `memoryIncidentState()`: the incident-state port in this process (the default without `redisQueue()`).
 */
import type { IncidentRecord, Silence } from "./types.js";
import type { IncidentState } from "./port.js";

/** Options of {@link memoryIncidentState}. `size()` of what it returns counts the records held (expired ones included until swept). */
export interface MemoryIncidentStateOptions {
  /** Epoch milliseconds; default `Date.now`. Expiry of records and silences reads it. */
  now?: () => number;
}

/**
 * Problems and silences in process memory, dropped when their time to live passes: checked on every read, and every
 * {@link SWEEP_EVERY} writes all expired records go (so keys never read again do not pile up), without a timer.
 *
 * @example
 * ```ts
 * const state = memoryIncidentState();
 * await state.put("wh1", "server:mc-1", record, undefined, 60_000); // true
 * ```
 */
export function memoryIncidentState(options: MemoryIncidentStateOptions = {}): IncidentState & { size(): number } {
  const now = options.now ?? Date.now;
  const records = new Map<string, { record: IncidentRecord; expiresAt: number; webhookId: string; key: string }>();
  let silences: Silence[] = [];
  let writes = 0;
  const sweep = (): void => {
    const at = now();
    for (const [slotKey, entry] of records) if (at >= entry.expiresAt) records.delete(slotKey);
  };

  const live = (webhookId: string, key: string): IncidentRecord | undefined => {
    const at = slot(webhookId, key);
    const entry = records.get(at);
    if (entry === undefined) return undefined;
    if (now() < entry.expiresAt) return entry.record;
    records.delete(at);
    return undefined;
  };
  const ongoing = (): Silence[] => (silences = silences.filter((s) => now() < s.endsAt));

  return {
    get: (webhookId, key) => Promise.resolve(copy(live(webhookId, key))),
    put(webhookId, key, record, expected, ttlMs) {
      if (live(webhookId, key)?.version !== expected) return Promise.resolve(false);
      records.set(slot(webhookId, key), { record: cloneJson(record), expiresAt: now() + ttlMs, webhookId, key });
      if (++writes % SWEEP_EVERY === 0) sweep();
      return Promise.resolve(true);
    },
    due(before, limit) {
      const at = now();
      const found: { webhookId: string; key: string; remindAt: number }[] = [];
      for (const entry of records.values()) {
        const remindAt = entry.record.remindAt;
        if (remindAt === undefined || remindAt > before || at >= entry.expiresAt) continue;
        found.push({ webhookId: entry.webhookId, key: entry.key, remindAt });
      }
      const earliest = found.sort((a, b) => a.remindAt - b.remindAt).slice(0, limit);
      return Promise.resolve(earliest.map(({ webhookId, key }) => ({ webhookId, key })));
    },
    addSilence(silence) {
      ongoing().push({ ...silence });
      return Promise.resolve();
    },
    removeSilence(id) {
      const before = ongoing().length;
      silences = silences.filter((s) => s.id !== id);
      return Promise.resolve(silences.length < before);
    },
    silences: () => Promise.resolve(ongoing().map((s) => ({ ...s }))),
    size: () => records.size,
  };
}

/** Writes between two sweeps of expired records. */
const SWEEP_EVERY = 1000;

/** One key per problem: the id's length first, so no id and key run into another pair's. */
const slot = (webhookId: string, key: string): string => `${String(webhookId.length)}:${webhookId}${key}`;
const copy = (record: IncidentRecord | undefined): IncidentRecord | undefined => (record === undefined ? undefined : cloneJson(record));

/** A deep copy of plain JSON (what a record is), several times faster than `structuredClone` on a record. */
function cloneJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  // A spread copies the flat values at once (about twice as fast as assigning key by key); only objects recurse.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(out)) {
    const item = out[key];
    if (typeof item === "object" && item !== null) out[key] = cloneJson(item);
  }
  return out as T;
}
