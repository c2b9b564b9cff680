/**
 * How a tracked problem looks in Discord: the event's own embed plus one "Incident" field (occurrences, first and
 * last seen, flapping), turned green with "Resolved after 6 min" once it resolved. Pure.
 */
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import { truncate } from "../discord/text.js";
import { fitTotal } from "../embeds/fit.js";
import { COLORS } from "../embeds/shared.js";
import type { NextRecord } from "./decide.js";

/** The name of the field this package adds to a tracked problem's embed. */
export const INCIDENT_FIELD = "Incident";

/**
 * The embed of a tracked problem: `embed` (the latest event's) with its incident field (replacing one already
 * there; the last field gives way when all 25 are taken), red while flapping, green with the resolved title once
 * resolved, cut to Discord's limits.
 */
export function incidentEmbed(embed: DiscordEmbed, record: NextRecord, now: number): DiscordEmbed {
  const fields = (embed.fields ?? []).filter((f) => f.name !== INCIDENT_FIELD).slice(0, L.embedFields - 1);
  const out: DiscordEmbed = { ...embed, fields: [...fields, { name: INCIDENT_FIELD, value: incidentSummary(record, now), inline: false }] };
  if (record.status === "resolved") {
    out.color = COLORS.success;
    out.title = truncate(`✅ Resolved · ${embed.title ?? "incident"}`, L.embedTitle);
  } else if (record.reopens.length > 0) {
    out.color = COLORS.failure;
  }
  return fitTotal(out);
}

/** A reminder of a problem still open: its look, titled "⏰ Still open · …" (a reminder is a new post: it notifies). */
export function reminderEmbed(embed: DiscordEmbed, record: NextRecord, now: number): DiscordEmbed {
  const look = incidentEmbed(embed, record, now);
  return fitTotal({ ...look, title: truncate(`⏰ Still open · ${embed.title ?? "incident"}`, L.embedTitle) });
}

/** The short post of `onResolve: "edit-and-post"`: the title turned green and one line saying how it ended. */
export function resolvedNotice(embed: DiscordEmbed, record: NextRecord): DiscordEmbed {
  return {
    title: truncate(`✅ Resolved · ${embed.title ?? "incident"}`, L.embedTitle),
    description: resolvedLine(record),
    color: COLORS.success,
  };
}

/**
 * The incident field's text, e.g. "crashed 3 times · first seen <t:…:R> · last seen <t:…:R>", a flapping line
 * ("Flapping: 3 times in 8 min") while it reopens, or "Resolved after 6 min · crashed 3 times".
 */
export function incidentSummary(record: NextRecord, now: number): string {
  if (record.status === "resolved") return resolvedLine(record);
  const lines = [`${occurrences(record)} · first seen ${stamp(record.firstSeen)} · last seen ${stamp(record.lastSeen)}`];
  if (record.reopens.length > 0) lines.push(`Flapping: ${String(record.reopens.length + 1)} times in ${minutes(now - record.firstSeen)}`);
  return truncate(lines.join("\n"), L.fieldValue);
}

function resolvedLine(record: NextRecord): string {
  return truncate(`Resolved after ${minutes((record.resolvedAt ?? record.lastSeen) - record.firstSeen)} · ${occurrences(record)}`, L.fieldValue);
}

function occurrences(record: NextRecord): string {
  return `${record.label} ${String(record.count)} ${record.count === 1 ? "time" : "times"}`;
}

/** A Discord timestamp, shown in each reader's time zone ("3 minutes ago"). */
function stamp(ms: number): string {
  return `<t:${String(Math.floor(ms / 1000))}:R>`;
}

/** A span as people say it: "under 1 min", "6 min", "2 h 5 min", "3 d 4 h". */
export function minutes(ms: number): string {
  const m = Math.floor(Math.max(0, ms) / 60_000);
  if (m < 1) return "under 1 min";
  if (m < 60) return `${String(m)} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${String(h)} h` : `${String(h)} h ${String(m % 60)} min`;
  return `${String(Math.floor(h / 24))} d ${String(h % 24)} h`;
}
