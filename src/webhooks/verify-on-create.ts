/**
 * `verifyOnCreate`: a new webhook is checked with Discord before `create` answers, so an unknown URL is refused at
 * once instead of showing "enabled" until its first event.
 */
import { ConfigError, WebhookVerificationError } from "../errors.js";
import type { WebhookRecord, WebhookStore } from "../types.js";
import { runTester } from "./tester.js";
import type { WebhookTester } from "./types.js";

/**
 * Verifies `row` (a GET, no message). When Discord says it does not exist (404) or its token is wrong (401), the row
 * is deleted again and a {@link WebhookVerificationError} thrown; other failures (Discord down) keep it.
 */
export async function verifyOnCreate(tester: WebhookTester, store: WebhookStore, row: WebhookRecord, forget: (id: string) => void): Promise<void> {
  if (!tester.verify) throw new ConfigError("verifyOnCreate needs a dispatcher that can verify webhooks.");
  const result = await runTester(tester, "verify", row.id);
  if (result.ok || (result.status !== 404 && result.status !== 401)) return;
  await store.deleteWebhook(row.id);
  forget(row.id);
  const why = result.status === 404 ? "Discord does not know this webhook (404): it was deleted, or the URL is mistyped" : "Discord refused this webhook's token (401): copy the URL again";
  throw new WebhookVerificationError(`${why}. Nothing was saved.`, result.status);
}
