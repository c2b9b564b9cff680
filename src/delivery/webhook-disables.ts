/**
 * Disables Discord asked for (the webhook is deleted or its token is invalid) that the store has not accepted yet:
 * the webhook is refused in this process until a write of the disable succeeds, and every refusal tries the write
 * again. Only an accepted disable is logged and reported through `onDisabled`.
 */
import type { WebhookStore } from "../types.js";
import type { Observer } from "./observe.js";
import type { StoreWrites, Written } from "./store-writes.js";

/** The disables of one process that wait for the store. */
export interface PendingDisables {
  /** Refuses `target` from now on and writes the disable; resolves `true` once the store accepted it. */
  disable(target: Written, reason: string): Promise<boolean>;
  /** Whether a disable of webhook `id` waits for the store; when one does, its write is tried again (not awaited). */
  retry(id: string): boolean;
  /** Whether a disable of webhook `id` waits for the store. */
  has(id: string): boolean;
  /** Forgets the pending disable of webhook `id`, if any. */
  forget(id: string): void;
  /** Disables being written now. */
  writing(): number;
  /** Disables waiting for the store. */
  size(): number;
}

/** Pending disables written through `writes`; `accepted(id)` runs once the store accepted the disable of `id`. */
export function pendingDisables(store: WebhookStore, writes: StoreWrites, observer: Observer, accepted: (id: string) => void): PendingDisables {
  const pending = new Map<string, { target: Written; reason: string; writing: boolean }>();
  const write = async (id: string): Promise<boolean> => {
    const entry = pending.get(id);
    if (!entry || entry.writing) return false;
    entry.writing = true;
    const ok = await writes.write("disableWebhook", [entry.target], () => store.disableWebhook(id, entry.reason));
    entry.writing = false;
    if (!ok || pending.get(id) !== entry) return false;
    pending.delete(id);
    accepted(id);
    observer.log("error", "webhook disabled", { webhook: entry.target.view, reason: entry.reason });
    observer.hook("onDisabled", { webhook: entry.target.view, reason: entry.reason });
    return true;
  };
  return {
    disable(target, reason) {
      pending.set(target.id, { target, reason, writing: false });
      return write(target.id);
    },
    retry(id) {
      if (!pending.has(id)) return false;
      void write(id);
      return true;
    },
    has: (id) => pending.has(id),
    forget(id) {
      pending.delete(id);
    },
    writing: () => [...pending.values()].filter((p) => p.writing).length,
    size: () => pending.size,
  };
}
