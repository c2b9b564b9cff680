import * as z from "zod";
import type { DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import { codeBlock, describeError, inline, inlineLine } from "./format.js";
import { field, finishEmbed, userField } from "./build.js";
import { baseInputShape, errorInputSchema, httpUrlSchema, longTextSchema, requiredTextSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type EmbedOptions } from "./shared.js";

/** Alert severities, least to most severe. */
export const ALERT_SEVERITIES = ["info", "warning", "error", "critical"] as const;
/** An alert severity. */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Input of {@link systemAlert}: a security or system alert. */
export const systemAlertInputSchema = z.object({
  /** A short headline. */
  title: requiredTextSchema,
  /** What happened. */
  message: longTextSchema,
  severity: z.enum(ALERT_SEVERITIES),
  /** What raised it, e.g. "auth-service". */
  source: textSchema().optional(),
  /** The error behind it (an `Error` or a message); shown as `Name: message` in a code block. */
  error: errorInputSchema.optional(),
  /** Link to more details. */
  url: httpUrlSchema.optional(),
  ...baseInputShape,
}).refine(...totalTextCap);

/** Input of {@link systemAlert}. Equal to `z.input<typeof systemAlertInputSchema>` (a type test keeps them in step). */
export interface SystemAlertInput {
  /** A short headline (not blank). */
  title: string;
  /** What happened. */
  message: string;
  /** How bad it is: info, warning, error or critical. */
  severity: AlertSeverity;
  /** What raised it, e.g. "auth-service". */
  source?: string;
  /** The error behind it (an `Error` or a message); shown as `Name: message` in a code block. */
  error?: Error | string;
  /** Link to more details (an http(s) URL). */
  url?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

const LOOK: Record<AlertSeverity, { emoji: string; label: string; color: number }> = {
  info: { emoji: "ℹ️", label: "Info", color: COLORS.info },
  warning: { emoji: "⚠️", label: "Warning", color: COLORS.warning },
  error: { emoji: "❗", label: "Error", color: COLORS.alert },
  critical: { emoji: "🚨", label: "Critical", color: COLORS.failure },
};

/**
 * A system or security alert (SECURITY webhooks). Severity sets the colour: info blue, warning yellow,
 * error orange, critical red.
 *
 * @example
 * ```ts
 * embeds.systemAlert({ title: "Login burst", message: "50 failed logins in 1 minute", severity: "warning" })
 * ```
 */
export function systemAlert(input: SystemAlertInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(systemAlertInputSchema, input, "systemAlert input");
  const look = LOOK[data.severity];
  const errorText = data.error === undefined ? undefined : describeError(data.error);
  return finishEmbed(
    {
      title: `${look.emoji} ${inlineLine(data.title, 200)}`,
      color: look.color,
      url: data.url,
      description: (max) => inline(data.message, max),
      fields: [
        field("Severity", look.label),
        userField("Source", data.source, (t) => inline(t, 256)),
        userField("Error", errorText, (t) => codeBlock(t, 1024), false),
      ],
    },
    data.timestamp,
    options,
  );
}
