/**
 * `memoryIncidentState()`: the incident-state port in this process (the default without `redisQueue()`).
 */
import type { IncidentRecord, IncidentState, Silence } from "./types.js";

/** Options of {@link memoryIncidentState}. */
export interface MemoryIncidentStateOptions {
  /** Epoch milliseconds; default `Date.now`. Expiry of records and silences reads it. */
  now?: () => number;
}

/**
 * Problems and silences in process memory, dropped when their time to live passes (checked on every read and
 * write, so nothing needs a timer).
 *
 * @example
 * ```ts
 * const state = memoryIncidentState();
 * await state.put("wh1", "server:mc-1", record, undefined, 60_000); // true
 * ```
 */
export function memoryIncidentState(options: MemoryIncidentStateOptions = {}): IncidentState {
  const now = options.now ?? Date.now;
  const records = new Map<string, { record: IncidentRecord; expiresAt: number }>();
  let silences: Silence[] = [];

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
      records.set(slot(webhookId, key), { record: structuredClone(record), expiresAt: now() + ttlMs });
      return Promise.resolve(true);
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
  };
}

const slot = (webhookId: string, key: string): string => JSON.stringify([webhookId, key]);
const copy = (record: IncidentRecord | undefined): IncidentRecord | undefined => (record === undefined ? undefined : structuredClone(record));
