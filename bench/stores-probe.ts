/** Observing a store during (d): calls per method, and the kind of each SQL statement its driver sent. */
import type { FindWebhooksQuery, WebhookStore } from "../src/index.js";
import type { Statement } from "./stores-db.js";

/** Wraps every store method to count its calls and keep the last routing query. */
export function counting(store: WebhookStore): { store: WebhookStore; calls: Map<string, number>; lastQuery: () => FindWebhooksQuery | undefined } {
  const calls = new Map<string, number>();
  let last: FindWebhooksQuery | undefined;
  const wrapped = Object.fromEntries(
    Object.entries(store).map(([name, fn]) => [
      name,
      (...args: unknown[]): unknown => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        if (name === "findWebhooks") last = args[0] as FindWebhooksQuery;
        return (fn as (...a: unknown[]) => unknown).apply(store, args);
      },
    ]),
  ) as unknown as WebhookStore;
  return { store: wrapped, calls, lastQuery: () => last };
}

/** A SELECT on the webhook table: the only reads a dispatch makes are routing. */
export const isRouting = (s: Statement): boolean => /^\s*select\b/i.test(s.sql) && /"DiscordWebhook"/.test(s.sql);
/** An UPDATE (the delivery engine's markDelivered / disableWebhook). */
export const isUpdate = (s: Statement): boolean => /^\s*update\b/i.test(s.sql);

