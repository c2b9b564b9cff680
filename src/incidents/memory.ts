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
  // Per webhook, then per key: the caller's own strings are the keys (no joined key to build and hash per read).
  const records = new Map<string, Map<string, Entry>>();
  let silences: Silence[] = [];
  let writes = 0;
  const sweep = (): void => {
    const at = now();
    for (const [webhookId, keys] of records) {
      for (const [key, entry] of keys) if (at >= entry.expiresAt) keys.delete(key);
      if (keys.size === 0) records.delete(webhookId);
    }
  };

  const live = (webhookId: string, key: string): IncidentRecord | undefined => {
    const keys = records.get(webhookId);
    const entry = keys?.get(key);
    if (keys === undefined || entry === undefined) return undefined;
    if (now() < entry.expiresAt) return entry.record;
    keys.delete(key);
    return undefined;
  };
  const ongoing = (): Silence[] => (silences = silences.filter((s) => now() < s.endsAt));

  return {
    get: (webhookId, key) => Promise.resolve(copy(live(webhookId, key))),
    put(webhookId, key, record, expected, ttlMs) {
      if (live(webhookId, key)?.version !== expected) return Promise.resolve(false);
      let keys = records.get(webhookId);
      if (keys === undefined) records.set(webhookId, (keys = new Map<string, Entry>()));
      keys.set(key, { record: copyRecord(record), expiresAt: now() + ttlMs });
      if (++writes % SWEEP_EVERY === 0) sweep();
      return Promise.resolve(true);
    },
    due(before, limit) {
      const at = now();
      const found: { webhookId: string; key: string; remindAt: number }[] = [];
      for (const [webhookId, keys] of records) {
        for (const [key, entry] of keys) {
          const remindAt = entry.record.remindAt;
          if (remindAt === undefined || remindAt > before || at >= entry.expiresAt) continue;
          found.push({ webhookId, key, remindAt });
        }
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
    size: () => {
      let n = 0;
      for (const keys of records.values()) n += keys.size;
      return n;
    },
  };
}

/** Writes between two sweeps of expired records. */
const SWEEP_EVERY = 1000;

/** A kept record and when it expires (epoch ms). */
interface Entry {
  record: IncidentRecord;
  expiresAt: number;
}

const copy = (record: IncidentRecord | undefined): IncidentRecord | undefined => (record === undefined ? undefined : copyRecord(record));

/**
 * A record's own copy: its values are flat but for `reopens` (numbers) and `embed` (plain JSON), so a spread and those
 * two copied, not a walk over every key.
 */
function copyRecord(record: IncidentRecord): IncidentRecord {
  const out = { ...record, reopens: record.reopens.slice() };
  if (record.embed !== undefined) out.embed = cloneJson(record.embed);
  return out;
}

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
