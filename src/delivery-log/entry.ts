/**
 * Turning a settled delivery into a token-free {@link DeliveryLogEntry}.
 */
import type { SettledDelivery } from "../delivery/types.js";
import type { WireMessageOptions } from "../delivery/state-queue.js";
import { redact } from "../discord/redact.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import { DiscordHTTPError } from "../errors.js";
import type { DeliveryLogEntry } from "./types.js";

/** The message body of one delivery as it is logged and resent: the wire options plus its embeds. */
export type LoggedBody = WireMessageOptions & { embeds: DiscordEmbed[] };

/**
 * The entry of a settled delivery, written at `at` with the id its tag reserved when it was queued. The body is the
 * message as sent (wire options and embeds), token-free and cut to `maxBodyBytes`.
 */
export function toEntry(d: SettledDelivery, at: Date, maxBodyBytes: number): DeliveryLogEntry {
  const { outcome, tag } = d;
  const { body, truncated } = boundedBody(bodyText(d.message, d.embeds), maxBodyBytes);
  const error = outcome.error;
  const http = findHttpError(error);
  return {
    id: tag.entryId,
    webhookId: d.webhookId,
    family: tag.family,
    type: tag.type,
    incidentKey: null,
    incidentAction: null,
    status: outcome.status === "delivered" ? "delivered" : "failed",
    attempts: outcome.attempts,
    httpStatus: outcome.lastStatus ?? http?.status ?? null,
    discordCode: http?.discordCode ?? null,
    errorCode: error?.code ?? null,
    errorMessage: error ? plainMessage(error) : null,
    latencyMs: Math.max(0, Math.round(at.getTime() - tag.queuedAt)),
    messageIds: [...outcome.messageIds],
    body,
    bodyTruncated: truncated,
    resendOf: tag.resendOf ?? null,
    createdAt: at,
  };
}

/**
 * The token-free JSON of a message body. A one-embed body is remembered per embed, with the options it was sent
 * with: an event fanned out to thousands of webhooks logs the same embed object thousands of times (each webhook with
 * options of its own, mostly equal), and deliveries never change their embeds once queued.
 */
function bodyText(message: WireMessageOptions, embeds: readonly DiscordEmbed[]): string {
  const only = embeds.length === 1 ? embeds[0] : undefined;
  const options = only === undefined ? "" : JSON.stringify(message);
  const known = only === undefined ? undefined : bodies.get(only);
  if (known?.options === options) return known.text;
  const loggedBody: LoggedBody = { ...message, embeds: [...embeds] };
  const text = redact(JSON.stringify(loggedBody));
  if (only !== undefined) bodies.set(only, { options, text });
  return text;
}

/** The last body text of each one-embed delivery logged, keyed by the embed, with its options' JSON (see `bodyText`). */
const bodies = new WeakMap<DiscordEmbed, { options: string; text: string }>();

/** Whether an entry records the answer that disabled its webhook (Discord said 404 Unknown Webhook or 401). */
export function disabledBy(entry: DeliveryLogEntry): boolean {
  return entry.status === "failed" && entry.errorCode === "WEBHOOK_DISABLED" && (entry.httpStatus === 404 || entry.httpStatus === 401);
}

/** `text` cut to `maxBytes` UTF-8 bytes (never inside a character). */
export function boundedBody(text: string, maxBytes: number): { body: string; truncated: boolean } {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most bodies are known to fit without counting.
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, "utf8") <= maxBytes) return { body: text, truncated: false };
  const bytes = Buffer.from(text, "utf8");
  return { body: bytes.subarray(0, maxBytes).toString("utf8").replace(/\uFFFD+$/, ""), truncated: true };
}

function findHttpError(error: unknown): DiscordHTTPError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    if (e instanceof DiscordHTTPError) return e;
  }
  return undefined;
}

// `userMessage` when the error carries one for people, else its message without the package prefix.
function plainMessage(error: Error): string {
  const user = (error as { userMessage?: unknown }).userMessage;
  const text = typeof user === "string" && user !== "" ? user : error.message.replace(/^\[discord-webhook-dispatcher\]\s*/, "");
  return redact(text).slice(0, 500);
}
