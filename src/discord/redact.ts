/**
 * Masks webhook tokens. Applied to every message, URL and log line that leaves the package.
 */

const MASK = "***";
// `webhooks/{id}/{token}`, also when the slashes are percent-encoded (once or twice) or JSON-escaped (`\/`).
const WEBHOOK_PATH = /(webhooks(?:\/|\\\/|%(?:25)?2F)\d{1,25}(?:\/|\\\/|%(?:25)?2F))[^/\\?#\s"'<>&%]+/gi;

/**
 * Returns `text` with the token of every webhook URL in it replaced by `***`, and every string in `secrets`
 * (known tokens) masked wherever it appears.
 *
 * @example
 * ```ts
 * redact("POST https://discord.com/api/v10/webhooks/1234567890123456789/secret-token failed")
 * // "POST https://discord.com/api/v10/webhooks/1234567890123456789/*** failed"
 * ```
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(WEBHOOK_PATH, `$1${MASK}`);
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join(MASK);
  return out;
}

/** A webhook URL with its token masked, for showing in lists, results and logs. */
export function maskWebhookUrl(url: string): string {
  return redact(url);
}
