/**
 * `timedSync(dispatcher, fn)`: runs a sync, measures it, and reports a `syncCompletion` either way.
 */
import type { Logger } from "../delivery/hooks.js";
import type { Dispatcher, DispatchOptions } from "../dispatcher/types.js";
import { SYNC_COUNTS, type SyncSummary } from "../embeds/sync-completion.js";
import { errorText } from "./legacy.js";

/** Options of {@link timedSync}. */
export interface TimedSyncOptions {
  /** What was synced with, e.g. the panel's name (the report's "Source"). */
  source?: string;
  /** Routing options of the report. */
  dispatch?: DispatchOptions;
  /** Receives failures to send the report (they never reach the caller). Default: silent. */
  logger?: Logger;
}

/**
 * Runs `fn`, measures how long it really took, and reports a `syncCompletion` (SYSTEM webhooks): success with the
 * summary, or failure with the error's message (token-free). The summary is `fn`'s result when it is a string (shown
 * as details) or when it has a `summary` (counts such as `{ nodes: 4 }`, or a string). Returns `fn`'s result, or
 * rejects with its error untouched. The report is sent in the background (never delays the return; `flush()` waits
 * for it) and its failures go to `options.logger`.
 *
 * @example
 * ```ts
 * const result = await timedSync(dispatcher, () => syncWithPanel(), { source: "Pterodactyl" });
 * ```
 */
export async function timedSync<T>(dispatcher: Dispatcher, fn: () => T | Promise<T>, options: TimedSyncOptions = {}): Promise<T> {
  const started = performance.now();
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    report(dispatcher, options, false, { counts: {} }, performance.now() - started, errorText(error));
    throw error;
  }
  report(dispatcher, options, true, summaryOf(result), performance.now() - started, undefined);
  return result;
}

function report(dispatcher: Dispatcher, options: TimedSyncOptions, success: boolean, summary: { counts: SyncSummary; details?: string }, durationMs: number, error: string | undefined): void {
  const fail = (failure: unknown): void => {
    try {
      options.logger?.error?.("[discord-webhook-dispatcher] sync report failed", { error: errorText(failure) });
    } catch {
      // A broken logger must not break the sync.
    }
  };
  try {
    const input = { success, summary: summary.counts, details: summary.details, durationMs: Math.max(0, durationMs), error, source: options.source };
    void dispatcher.syncCompletion(input, options.dispatch).then((r) => {
      if (!r.success) fail(new Error(r.errors.map((e) => e.error.message).join("; ")));
    }, fail);
  } catch (failure) {
    fail(failure);
  }
}

/** Counts and free text from what the sync returned. */
function summaryOf(value: unknown): { counts: SyncSummary; details?: string } {
  if (typeof value === "string") return { counts: {}, details: value };
  if (typeof value !== "object" || value === null || !("summary" in value)) return { counts: {} };
  const { summary } = value;
  if (typeof summary === "string") return { counts: {}, details: summary };
  if (typeof summary !== "object" || summary === null) return { counts: {} };
  const counts: SyncSummary = {};
  for (const key of SYNC_COUNTS) {
    const n: unknown = (summary as Record<string, unknown>)[key];
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) counts[key] = n;
  }
  return { counts };
}
