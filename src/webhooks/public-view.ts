/**
 * The only shapes in which webhooks and test outcomes leave the management layer: tokens masked everywhere.
 */
import { redact, maskWebhookUrl } from "../discord/redact.js";
import { discordIdOf, tokenOf } from "../discord/rules.js";
import type { WebhookRecord } from "../types.js";
import type { PublicWebhook, TesterResult } from "./types.js";

/** A {@link PublicWebhook} view of a stored record. */
export function toPublicWebhook(record: WebhookRecord): PublicWebhook {
  const secrets = tokenOf(record.webhookUrl);
  return {
    id: record.id,
    name: redact(record.name, secrets),
    webhookUrl: maskWebhookUrl(record.webhookUrl),
    discordWebhookId: discordIdOf(record.webhookUrl),
    type: record.type,
    scope: record.scope,
    enabled: record.enabled,
    disabledReason: record.disabledReason === null ? null : redact(record.disabledReason, secrets),
    testSuccessAt: record.testSuccessAt,
    avatarUrl: record.avatarUrl,
    createdAt: record.createdAt,
    userId: record.userId,
  };
}

/**
 * Turns whatever a tester reported as `error` into `{ code, message }` with tokens masked. The message is for the
 * person who clicked "Test": an error's `userMessage` when it has one ("Discord says this webhook no longer
 * exists..."), not its technical message (the request URL and Discord's error code are for logs).
 */
export function describeTestError(result: TesterResult, secrets: readonly string[]): { code: string; message: string } | null {
  if (result.ok && result.error == null) return null;
  const e = result.error;
  let code = result.status ? "DISCORD_HTTP" : "TEST_FAILED";
  let message = result.status ? `Discord answered ${result.status}.` : "The test failed.";
  if (typeof e === "string") {
    message = e;
  } else if (typeof e === "object" && e !== null) {
    const o = e as { code?: unknown; message?: unknown; userMessage?: unknown };
    if (typeof o.code === "string") code = o.code;
    if (typeof o.userMessage === "string") message = o.userMessage;
    else if (typeof o.message === "string") message = o.message;
  }
  return { code, message: redact(message.replace(/^\[discord-webhook-dispatcher\]\s*/, ""), secrets) };
}
