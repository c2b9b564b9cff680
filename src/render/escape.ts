/** HTML escaping for everything the renderer (panel, inbox) puts on a page: user text is hostile. */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * The URL when it is an absolute http(s) URL, else `null`. Anything else (`javascript:`, `data:`, relative paths)
 * is never put into an `href`.
 */
export function safeHttpUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

/** A string field of an untrusted object, or `""`. */
export function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A plain-object field of an untrusted object, or `null`. */
export function obj(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
