/**
 * Reads a webhook from Discord (GET, no message posted) to check it still exists and its token is valid.
 */
import { maskWebhookUrl } from "../discord/redact.js";
import { DispatcherError, TransportError } from "../errors.js";
import type { Transport } from "../types.js";
import { classify, sendWithTimeout, type Outcome } from "./classify.js";

/** What Discord said about a webhook: never its token. */
export interface WebhookProbe {
  outcome: Outcome;
  name: string | undefined;
  channelId: string | undefined;
  guildId: string | undefined;
}

/** GETs the canonical webhook `url` through `transport` and classifies the answer. Never rejects. */
export async function probeWebhook(transport: Transport, url: string, timeoutMs: number): Promise<WebhookProbe> {
  const masked = maskWebhookUrl(url);
  try {
    const response = await sendWithTimeout(transport, { method: "GET", url }, timeoutMs, masked);
    const outcome = classify(response, masked);
    const body = typeof response.body === "object" && response.body !== null ? (response.body as Record<string, unknown>) : {};
    const pick = (key: string): string | undefined => (outcome.kind === "ok" && typeof body[key] === "string" ? body[key] : undefined);
    return { outcome, name: pick("name"), channelId: pick("channel_id"), guildId: pick("guild_id") };
  } catch (error) {
    const err = error instanceof DispatcherError ? error : new TransportError("Request failed", masked);
    return { outcome: { kind: "transient", status: undefined, error: err }, name: undefined, channelId: undefined, guildId: undefined };
  }
}
