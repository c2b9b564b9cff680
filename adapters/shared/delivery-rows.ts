/**
 * The `DiscordWebhookDelivery` row shape both ORMs read and write, and the mapping to and from log entries.
 */
import { DELIVERY_STATUSES, type DeliveryLogEntry, type DeliveryStatus } from "../../src/delivery-log/types.js";
import { toDate } from "./records.js";

/** One row of the optional `DiscordWebhookDelivery` table (migrations/<dialect>/optional/0003_…). */
export interface DeliveryRow {
  id: string;
  webhookId: string;
  family: string;
  type: string;
  incidentKey: string | null;
  incidentAction: string | null;
  status: string;
  attempts: number;
  httpStatus: number | null;
  discordCode: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  latencyMs: number | null;
  /** JSON array of Discord message ids. */
  messageIds: string;
  body: string;
  bodyTruncated: boolean;
  resendOf: string | null;
  createdAt: Date;
}

/** The row of an entry. */
export function toDeliveryRow(e: DeliveryLogEntry): DeliveryRow {
  return { ...e, messageIds: JSON.stringify(e.messageIds) };
}

/** The entry of a row as a driver returned it (numbers may come back as strings or bigints, booleans as 0/1). */
export function fromDeliveryRow(row: Record<string, unknown>): DeliveryLogEntry {
  const text = (k: string): string => {
    const v = row[k];
    return typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? v.toString() : "";
  };
  const maybe = (k: string): string | null => (row[k] === null || row[k] === undefined ? null : text(k));
  const num = (k: string): number | null => (row[k] === null || row[k] === undefined ? null : Number(row[k]));
  const status = text("status");
  const ids: unknown = JSON.parse(text("messageIds"));
  return {
    id: text("id"),
    webhookId: text("webhookId"),
    family: text("family"),
    type: text("type"),
    incidentKey: maybe("incidentKey"),
    incidentAction: maybe("incidentAction"),
    status: ((DELIVERY_STATUSES as readonly string[]).includes(status) ? status : "failed") as DeliveryStatus,
    attempts: Number(row.attempts),
    httpStatus: num("httpStatus"),
    discordCode: num("discordCode"),
    errorCode: maybe("errorCode"),
    errorMessage: maybe("errorMessage"),
    latencyMs: num("latencyMs"),
    messageIds: Array.isArray(ids) ? ids.map(String) : [],
    body: text("body"),
    bodyTruncated: row.bodyTruncated === true || row.bodyTruncated === 1 || row.bodyTruncated === 1n || row.bodyTruncated === "1",
    resendOf: maybe("resendOf"),
    createdAt: toDate(row.createdAt, "createdAt"),
  };
}
