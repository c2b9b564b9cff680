/**
 * The incident-state port: where problems and silences live (memory, Redis and PostgreSQL implementations; one
 * conformance suite in /testing).
 */
import type { IncidentRecord, Silence } from "./types.js";

/**
 * Where incidents and silences live: in process (`memoryIncidentState()`, the default) or in Redis (the
 * `incidents` of `redisQueue()`), shared by every process of a prefix. Holds store ids, keys and Discord message
 * ids: never a webhook URL or token. `runIncidentStateConformance` (from `/testing`) checks an implementation.
 */
export interface IncidentState {
  /**
   * The record of `key` for webhook `webhookId`. MUST return `undefined` when there is none or its time to live
   * has passed, and MUST return an equal copy (changing it changes nothing stored).
   */
  get(webhookId: string, key: string): Promise<IncidentRecord | undefined>;
  /**
   * Stores `record` if the stored version is `expected` (`undefined`: nothing stored, or expired). MUST be atomic
   * across every process sharing the state: of two writers that read the same version, exactly one succeeds, the
   * other gets `false` and stores nothing. A stored record MUST be gone `ttlMs` after its last successful write.
   */
  put(webhookId: string, key: string, record: IncidentRecord, expected: number | undefined, ttlMs: number): Promise<boolean>;
  /**
   * Problems whose `remindAt` is at or before `before`, earliest first, at most `limit`, across every process sharing
   * the state. MAY list a problem that has since expired or is no longer due (the caller reads each one again); MUST
   * NOT leave out one that is due.
   */
  due(before: number, limit: number): Promise<{ webhookId: string; key: string }[]>;
  /** Stores a silence. It MUST match nothing and be left out of `silences()` from its `endsAt` on. */
  addSilence(silence: Silence): Promise<void>;
  /** Removes a silence; MUST resolve `true` when it existed (and had not ended), else `false`. */
  removeSilence(id: string): Promise<boolean>;
  /** Every silence that has not ended, oldest first; MUST include those added by other processes sharing it. */
  silences(): Promise<Silence[]>;
}
