import * as z from "zod";
import type { DiscordEmbed } from "../discord/schemas.js";
import { codePointLength } from "../discord/text.js";
import { parseOrThrow } from "../discord/validate.js";
import { code, formatCount, inline } from "./format.js";
import { field, finishEmbed, userField } from "./build.js";
import { baseInputShape, httpUrlSchema, INPUT_LIMITS, requiredTextSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type EmbedOptions } from "./shared.js";

/** Input of {@link settingsUpdate}: platform settings were changed. */
export const settingsUpdateInputSchema = z.object({
  /** Names of the settings that changed (at least one). */
  changedFields: z.array(requiredTextSchema).min(1).max(INPUT_LIMITS.listItems),
  /** Who changed them. */
  updatedBy: textSchema().optional(),
  /** Which settings area, e.g. "Billing". */
  section: textSchema().optional(),
  /** Link to the settings page. */
  url: httpUrlSchema.optional(),
  ...baseInputShape,
}).refine(...totalTextCap);

/** Input of {@link settingsUpdate}. Equal to `z.input<typeof settingsUpdateInputSchema>` (a type test keeps them in step). */
export interface SettingsUpdateInput {
  /** Names of the settings that changed (at least one, none blank), e.g. the result of `changedFields()` from `/compat`. Never their values. */
  changedFields: string[];
  /** Who changed them. */
  updatedBy?: string;
  /** Which settings area, e.g. "Billing". */
  section?: string;
  /** Link to the settings page (an http(s) URL). */
  url?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

/** The longest a single setting name is shown. */
const ITEM_MAX = 100;

/** A bullet list of names in code spans that fits in `max` code points, ending in "…and N more" when cut. */
function changedList(names: readonly string[], max: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const [i, name] of names.entries()) {
    const line = `• ${code(name, ITEM_MAX)}`;
    const rest = names.length - i - 1;
    // Keep room for the "…and N more" line unless this is the last name.
    const reserve = rest > 0 ? `\n…and ${formatCount(rest)} more`.length : 0;
    const cost = codePointLength(line) + (lines.length > 0 ? 1 : 0);
    if (used + cost + reserve > max) {
      lines.push(`…and ${formatCount(names.length - i)} more`);
      break;
    }
    lines.push(line);
    used += cost;
  }
  return lines.join("\n");
}

/**
 * Platform settings changed (SYSTEM webhooks), in blue: the changed settings as a list, who changed them.
 *
 * @example
 * ```ts
 * embeds.settingsUpdate({ changedFields: ["smtp.host", "billing.currency"], updatedBy: "alice" })
 * ```
 */
export function settingsUpdate(input: SettingsUpdateInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(settingsUpdateInputSchema, input, "settingsUpdate input");
  const count = data.changedFields.length;
  return finishEmbed(
    {
      title: "⚙️ Settings updated",
      color: COLORS.info,
      url: data.url,
      description: (max) => changedList(data.changedFields, max),
      fields: [
        field("Changed", `${formatCount(count)} ${count === 1 ? "setting" : "settings"}`),
        userField("Section", data.section, (t) => inline(t, 256)),
        userField("Updated by", data.updatedBy, (t) => inline(t, 256)),
      ],
    },
    data.timestamp,
    options,
  );
}
