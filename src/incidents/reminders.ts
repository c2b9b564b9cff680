/**
 * Reminders without an event: a problem still open `repeatIntervalMs` after its message was posted is posted again
 * ("⏰ Still open"), even when nothing more happened. Each worker process looks for due problems in the incident
 * state on a timer (the state is shared in durable mode, so a problem is reminded while any worker runs); the desk's
 * claim makes one process post it, and the reminder becomes the tracked message.
 */
import type { WebhookRecord } from "../types.js";
import type { IncidentDesk } from "./desk.js";
import type { Poster } from "./desk-types.js";
import { silenceMatches } from "./silences.js";
import type { IncidentPolicy } from "./types.js";
import type { IncidentState } from "./port.js";

/** Problems reminded per look. */
const BATCH = 50;

/** What the reminders need from the dispatcher. */
export interface ReminderOptions {
  state: IncidentState;
  policy: IncidentPolicy;
  desk: IncidentDesk;
  /** Epoch milliseconds on the dispatcher's clock (the one the records' times are on). */
  now: () => number;
  /**
   * The webhook to remind through and how to post to it; `undefined` when it is gone or disabled (its reminders
   * stop). Throws when the store cannot be read (tried again on the next look).
   */
  open: (webhookId: string, threadId: string | undefined) => Promise<{ record: WebhookRecord; post: Poster } | undefined>;
  /** Called when a look fails (the state or the store is away); the next look tries again. */
  onError: (error: unknown) => void;
}

/**
 * Starts looking for due reminders every quarter of `repeatIntervalMs` (at least every 250 ms, at most every
 * minute). Returns `stop`, which resolves once a look under way has finished.
 */
export function startReminders(o: ReminderOptions): { stop(): Promise<void> } {
  const everyMs = Math.min(60_000, Math.max(250, o.policy.repeatIntervalMs / 4));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let looking: Promise<void> = Promise.resolve();
  let stopped = false;

  const look = async (): Promise<void> => {
    const due = await o.state.due(o.now(), BATCH);
    if (due.length === 0) return;
    const silences = await o.state.silences();
    await Promise.all(
      due.map(async ({ webhookId, key }) => {
        const kept = await o.state.get(webhookId, key);
        if (kept === undefined) return;
        const hook = await o.open(webhookId, kept.threadId);
        const at = o.now();
        const silenced =
          hook !== undefined &&
          silences.some((s) =>
            silenceMatches(
              s,
              {
                key,
                type: hook.record.type,
                userId: hook.record.userId,
                webhookId,
              },
              at,
            ),
          );
        // Gone, disabled or silenced: no reminder now; the next one is due an interval later (never a burst of them).
        if (hook === undefined || silenced) return postpone(o, webhookId, key, hook === undefined ? undefined : at + o.policy.repeatIntervalMs);
        await o.desk.remind(hook.record, key, hook.post, kept.threadId);
      }),
    );
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      looking = look().catch(o.onError).finally(schedule);
    }, everyMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await looking;
    },
  };
}

/** Moves a problem's reminder to `until` (`undefined`: none) by compare-and-set; a lost race leaves it to the winner. */
async function postpone(o: ReminderOptions, webhookId: string, key: string, until: number | undefined): Promise<void> {
  const record = await o.state.get(webhookId, key);
  if (record === undefined || record.pendingUntil !== undefined) return;
  const next = { ...record, version: record.version + 1 };
  delete next.remindAt;
  if (until !== undefined) next.remindAt = until;
  await o.state.put(webhookId, key, next, record.version, o.policy.ttlMs);
}
