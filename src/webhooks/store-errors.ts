/**
 * The store as the management layer uses it: whatever a custom store throws becomes a `StoreError` (its cause with
 * webhook tokens masked), so a driver's message echoing the URL it was given never reaches a caller or a log raw.
 */
import { DispatcherError, StoreError } from "../errors.js";
import type { WebhookStore } from "../types.js";

const METHODS = ["findWebhooks", "getWebhook", "listWebhooks", "createWebhook", "updateWebhook", "deleteWebhook", "markDelivered", "disableWebhook", "markDeliveredMany"] as const;

/** `store` with every method's rejection turned into a {@link StoreError} (this package's own errors pass as they are). */
export function withStoreErrors(store: WebhookStore): WebhookStore {
  const wrapped: Record<string, unknown> = {};
  for (const name of METHODS) {
    const method = (store as unknown as Record<string, unknown>)[name];
    if (typeof method !== "function") continue;
    wrapped[name] = async (...args: unknown[]): Promise<unknown> => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>).apply(store, args);
      } catch (error) {
        throw error instanceof DispatcherError ? error : new StoreError("store", `${name} failed`, { cause: error });
      }
    };
  }
  return wrapped as unknown as WebhookStore;
}
