/**
 * Turning a settled delivery into a token-free {@link DeliveryLogEntry}.
 */
import type { DeliveryReport, WireMessageOptions } from "../delivery/types.js";
import { redact } from "../discord/redact.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import { DiscordHTTPError } from "../errors.js";
import type { WebhookRecord } from "../types.js";
import { tokenOf } from "../webhooks/public-view.js";
import { newEntryId } from "./ids.js";
import type { DeliveryLogEntry } from "./types.js";

/** The message body of one delivery as it is logged and resent: the wire options plus its embeds. */
export type LoggedBody = WireMessageOptions & { embeds: DiscordEmbed[] };

/** What the dispatcher knows about a settled delivery. */
export interface SettledDelivery {
  record: WebhookRecord;
  family: string;
  body: LoggedBody;
  report: DeliveryReport;
  /** `performance.now()` when it was queued. */
  startedAt: number;
  resendOf?: string | undefined;
  incident?: { key: string; action: string | null } | undefined;
}

/** The entry of a settled delivery, or `null` for one still queued (it settles in another process). */
export function toEntry(d: SettledDelivery, at: Date, maxBodyBytes: number): DeliveryLogEntry | null {
  const { report } = d;
  if (report.status === "queued") return null;
  const secrets = tokenOf(d.record.webhookUrl);
  const { body, truncated } = boundedBody(redact(JSON.stringify(d.body), secrets), maxBodyBytes);
  const error = report.error;
  const http = findHttpError(error);
  return {
    id: newEntryId(at),
    webhookId: d.record.id,
    family: d.family,
    type: d.record.type,
    incidentKey: d.incident?.key ?? null,
    incidentAction: d.incident?.action ?? null,
    status: report.status,
    attempts: report.attempts,
    httpStatus: report.lastStatus ?? http?.status ?? null,
    discordCode: http?.discordCode ?? null,
    errorCode: error?.code ?? null,
    errorMessage: error ? plainMessage(error, secrets) : null,
    latencyMs: Math.max(0, Math.round(performance.now() - d.startedAt)),
    messageIds: [...report.messageIds],
    body,
    bodyTruncated: truncated,
    resendOf: d.resendOf ?? null,
    createdAt: at,
  };
}

/** Whether an entry records the answer that disabled its webhook (Discord said 404 Unknown Webhook or 401). */
export function disabledBy(entry: DeliveryLogEntry): boolean {
  return entry.status === "failed" && entry.errorCode === "WEBHOOK_DISABLED" && (entry.httpStatus === 404 || entry.httpStatus === 401);
}

/** `text` cut to `maxBytes` UTF-8 bytes (never inside a character). */
export function boundedBody(text: string, maxBytes: number): { body: string; truncated: boolean } {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return { body: text, truncated: false };
  return { body: bytes.subarray(0, maxBytes).toString("utf8").replace(/\uFFFD+$/, ""), truncated: true };
}

function findHttpError(error: unknown): DiscordHTTPError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    if (e instanceof DiscordHTTPError) return e;
  }
  return undefined;
}

// `userMessage` when the error carries one for people, else its message without the package prefix.
function plainMessage(error: Error, secrets: readonly string[]): string {
  const user = (error as { userMessage?: unknown }).userMessage;
  const text = typeof user === "string" && user !== "" ? user : error.message.replace(/^\[discord-webhook-dispatcher\]\s*/, "");
  return redact(text, secrets).slice(0, 500);
}
