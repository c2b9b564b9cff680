/** How the renderer writes a time: one format for messages, embeds, timestamps and refusals. */

/**
 * `2026-12-01 08:37 UTC`: stable across machines, unlike a local time. An invalid date (a record built by hand,
 * a timestamp Discord would refuse) gives `""` instead of throwing.
 */
export function formatTime(at: Date): string {
  const ms = at.getTime();
  return Number.isNaN(ms) ? "" : `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The ISO form of a valid date (for `datetime` attributes), or `null` for an invalid one. */
export function isoTime(at: Date | undefined): string | null {
  return at === undefined || Number.isNaN(at.getTime()) ? null : at.toISOString();
}
