import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { embedLength, type DiscordEmbed } from "../discord/schemas.js";
import { discordLength, truncate } from "../discord/text.js";

/**
 * Keeps an embed within Discord's 6000-character total. Builders budget their text up front, so this pass rarely
 * changes anything; for custom embeds it cuts, in order, the description, the longest field values, field names,
 * the footer and the title, never leaving a required text empty.
 */
export function fitTotal(embed: DiscordEmbed): DiscordEmbed {
  let over = embedLength(embed) - L.embedTotal;
  if (over <= 0) return embed;
  const out: DiscordEmbed = { ...embed };
  if (embed.fields) out.fields = embed.fields.map((f) => ({ ...f }));
  if (embed.footer) out.footer = { ...embed.footer };

  // Cuts `text` by what is still over, but not below `min` code points; returns the new text.
  const shrink = (text: string, min: number): string => {
    const len = discordLength(text);
    const target = Math.max(min, len - over);
    if (target >= len) return text;
    const cut = target <= 0 ? "" : truncate(text, target);
    over -= len - discordLength(cut);
    return cut;
  };

  if (out.description !== undefined) {
    out.description = shrink(out.description, 0);
    if (out.description === "") delete out.description;
  }
  const fields = out.fields ?? [];
  for (const key of ["value", "name"] as const) {
    const longestFirst = [...fields].sort((a, b) => discordLength(b[key]) - discordLength(a[key]));
    for (const f of longestFirst) {
      if (over <= 0) break;
      f[key] = shrink(f[key], 1);
    }
  }
  if (over > 0 && out.footer) {
    const text = shrink(out.footer.text, 0);
    if (text === "") delete out.footer;
    else out.footer.text = text;
  }
  if (over > 0 && out.author) out.author = { ...out.author, name: shrink(out.author.name, 1) };
  if (over > 0 && out.title !== undefined) out.title = shrink(out.title, 1);
  return out;
}
