import * as z from "zod";
import type { DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import { codeBlock, describeError, formatCount, formatDuration, inline } from "./format.js";
import { field, finishEmbed, userField } from "./build.js";
import { baseInputShape, errorInputSchema, httpUrlSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type EmbedOptions } from "./shared.js";

/** What a sync counts, in display order. */
export const SYNC_COUNTS = ["locations", "nodes", "allocations", "servers", "databases"] as const;

const count = z.number().int().min(0);

/** Input of {@link syncCompletion}: a sync with the game panel finished or failed. */
export const syncCompletionInputSchema = z.object({
  success: z.boolean(),
  /** How many of each thing were synced; absent counts are not shown. */
  summary: z.object({
    locations: count.optional(),
    nodes: count.optional(),
    allocations: count.optional(),
    servers: count.optional(),
    databases: count.optional(),
  }),
  /** How long the sync took, in milliseconds. */
  durationMs: z.number().min(0).max(Number.MAX_SAFE_INTEGER),
  /** What went wrong (an `Error` or a message). */
  error: errorInputSchema.optional(),
  /** What was synced with, e.g. the panel's name. */
  source: textSchema().optional(),
  /** Free text about the sync, e.g. a one-line summary the sync returned. */
  details: textSchema().optional(),
  /** Link to the sync log. */
  url: httpUrlSchema.optional(),
  ...baseInputShape,
}).refine(...totalTextCap);

/** How many of each thing a sync handled (whole numbers ≥ 0); absent counts are not shown. */
export interface SyncSummary {
  locations?: number;
  nodes?: number;
  allocations?: number;
  servers?: number;
  databases?: number;
}

/** Input of {@link syncCompletion}. Equal to `z.input<typeof syncCompletionInputSchema>` (a type test keeps them in step). */
export interface SyncCompletionInput {
  /** Whether the sync succeeded (green) or failed (red). */
  success: boolean;
  /** How many of each thing were synced (whole numbers ≥ 0); absent counts are not shown. */
  summary: SyncSummary;
  /** How long the sync took, in milliseconds. */
  durationMs: number;
  /** What went wrong (an `Error` or a message); shown as "Warning" when `success` is true. */
  error?: Error | string;
  /** What was synced with, e.g. the panel's name. */
  source?: string;
  /** Free text about the sync, e.g. a one-line summary the sync returned. */
  details?: string;
  /** Link to the sync log (an http(s) URL). */
  url?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

const LABEL: Record<(typeof SYNC_COUNTS)[number], string> = {
  locations: "Locations",
  nodes: "Nodes",
  allocations: "Allocations",
  servers: "Servers",
  databases: "Databases",
};

/**
 * A sync finished (SYSTEM webhooks): green with the counts when it succeeded, red with the error when it failed.
 *
 * @example
 * ```ts
 * embeds.syncCompletion({ success: true, summary: { nodes: 4, servers: 120 }, durationMs: 8_400 })
 * ```
 */
export function syncCompletion(input: SyncCompletionInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(syncCompletionInputSchema, input, "syncCompletion input");
  const counts = SYNC_COUNTS.map((key) => {
    const n = data.summary[key];
    return n === undefined ? undefined : field(LABEL[key], formatCount(n));
  });
  const errorText = data.error === undefined ? undefined : describeError(data.error);
  return finishEmbed(
    {
      title: data.success ? "✅ Sync completed" : "❌ Sync failed",
      color: data.success ? COLORS.success : COLORS.failure,
      url: data.url,
      description: data.success
        ? `The sync finished in ${formatDuration(data.durationMs)}.`
        : `The sync failed after ${formatDuration(data.durationMs)}.`,
      fields: [
        ...counts,
        field("Duration", formatDuration(data.durationMs)),
        userField("Source", data.source, (t) => inline(t, 256)),
        userField("Details", data.details, (t) => inline(t, 1024), false),
        userField(data.success ? "Warning" : "Error", errorText, (t) => codeBlock(t, 1024), false),
      ],
    },
    data.timestamp,
    options,
  );
}
