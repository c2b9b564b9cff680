import * as z from "zod";
import type { DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import { code, formatPercent, inline, usageBar } from "./format.js";
import { field, finishEmbed, userField } from "./build.js";
import { baseInputShape, httpUrlSchema, requiredTextSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type EmbedOptions } from "./shared.js";

/** The resources a node alert can be about. */
export const NODE_RESOURCES = ["cpu", "memory", "disk", "network"] as const;
/** A node resource. */
export type NodeResource = (typeof NODE_RESOURCES)[number];

/** Usage at or above this percentage is critical (red) whatever the threshold. */
export const CRITICAL_USAGE_PERCENT = 95;
/** The threshold used when the input gives none. */
export const DEFAULT_USAGE_THRESHOLD = 80;

const percent = z.number().min(0).max(1_000_000);

/** Input of {@link nodeAlert}: a node's resource usage crossed (or fell back under) a threshold. */
export const nodeAlertInputSchema = z.object({
  /** The node's display name. */
  node: requiredTextSchema,
  resource: z.enum(NODE_RESOURCES),
  /** Current usage in percent (may exceed 100, e.g. CPU summed over cores). */
  usage: percent,
  /** The alerting threshold in percent; defaults to {@link DEFAULT_USAGE_THRESHOLD}. */
  threshold: percent.optional(),
  /** Free text, e.g. the top processes. */
  details: textSchema().optional(),
  /** The host's id for the node. */
  nodeId: textSchema().optional(),
  /** Link to the node in the host's panel. */
  url: httpUrlSchema.optional(),
  ...baseInputShape,
}).refine(...totalTextCap);

/** Input of {@link nodeAlert}. Equal to `z.input<typeof nodeAlertInputSchema>` (a type test keeps them in step). */
export interface NodeAlertInput {
  /** The node's display name (not blank). */
  node: string;
  /** Which resource is running high. */
  resource: NodeResource;
  /** Current usage in percent (may exceed 100, e.g. CPU summed over cores). */
  usage: number;
  /** The alerting threshold in percent. Default {@link DEFAULT_USAGE_THRESHOLD} (80). */
  threshold?: number;
  /** Free text, e.g. the top processes. */
  details?: string;
  /** The host's id for the node. */
  nodeId?: string;
  /** Link to the node in the host's panel (an http(s) URL). */
  url?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

const RESOURCE_LABEL: Record<NodeResource, string> = { cpu: "CPU", memory: "Memory", disk: "Disk", network: "Network" };

function level(usage: number, threshold: number): { emoji: string; word: string; color: number } {
  if (usage >= CRITICAL_USAGE_PERCENT) return { emoji: "🚨", word: "Critical", color: COLORS.failure };
  if (usage >= threshold) return { emoji: "⚠️", word: "High", color: COLORS.alert };
  return { emoji: "✅", word: "Normal", color: COLORS.success };
}

/**
 * A node's resource usage (VPS webhooks). Orange at or over the threshold, red at or over 95%, green below the
 * threshold (recovered).
 *
 * @example
 * ```ts
 * embeds.nodeAlert({ node: "de-fra-1", resource: "memory", usage: 91.4, threshold: 85 })
 * ```
 */
export function nodeAlert(input: NodeAlertInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(nodeAlertInputSchema, input, "nodeAlert input");
  const threshold = data.threshold ?? DEFAULT_USAGE_THRESHOLD;
  const look = level(data.usage, threshold);
  const resource = RESOURCE_LABEL[data.resource];
  const node = inline(data.node, 256);
  const where = data.usage >= threshold ? "at or over" : "under";
  return finishEmbed(
    {
      title: `${look.emoji} ${look.word} ${resource.toLowerCase()} usage`,
      color: look.color,
      url: data.url,
      description: `${resource} usage on **${node}** is ${formatPercent(data.usage)}, ${where} its ${formatPercent(threshold)} threshold.`,
      fields: [
        field("Node", node),
        field("Resource", resource),
        field("Usage", `\`${usageBar(data.usage)}\` ${formatPercent(data.usage)}`),
        field("Threshold", formatPercent(threshold)),
        userField("Node ID", data.nodeId, (t) => code(t, 128)),
        userField("Details", data.details, (t) => inline(t, 1024), false),
      ],
    },
    data.timestamp,
    options,
  );
}
