/**
 * Masks webhook tokens. Applied to every message, URL and log line that leaves the package.
 */

const MASK = "***";
// A slash as it shows up in text: plain, JSON-escaped (`\/`, `\u002f`), percent-encoded once or more (`%2F`,
// `%252F`, `%25252F`), an HTML entity (`&#x2F;`, `&#47;`, `&sol;`), or a backslash, plain or encoded (URL parsers
// read `\` as `/`). A run of backslashes is one separator, taken whole: split any way, it would backtrack exponentially.
const SEP = String.raw`(?:\/|\\+\/|\\+u002f|%(?:25)*2f|&#x0*2f;?|&#0*47;?|&sol;|\\+(?![\\/]|u002f)|%(?:25)*5c)`;
// A dot as a path segment may spell it (`.`, `%2e`, `%252e`).
const DOT = String.raw`(?:\.|%(?:25)*2e)`;
// What may stand between the last slash and the token: whitespace, a form-encoded space, any percent-encoded
// character, an escaped newline or tab, a space entity. It is dropped together with the token.
const NOISE = String.raw`(?:\s|\+|%(?:25)*[0-9a-f]{2}|\\+[nrt]|&(?:nbsp|#x0*20|#0*32);)`;
// A quote, an angle bracket or an ampersand (plain or as an entity) with the token right behind it. After a later
// slash only before a token-long run: there it more often ends the JSON string or attribute the URL stood in.
const QUOTE = String.raw`(?:["'<>]|&(?:quot|apos|lt|gt|amp|#x?[0-9a-f]+);?|&)`;
// One character of the token: anything up to a delimiter, or a percent-encoded token character (letters, digits,
// `-`, `_`, `.`) so an encoded piece in the middle does not leave the rest of the token behind.
const TOKEN_CHAR = String.raw`(?:[^/\\?#\s"'<>&%]|%(?:25)*(?:2d|2e|5f|3[0-9]|[46][1-9a-f]|[57][0-9a]))`;
// "webhooks" with any of its letters percent-encoded (`%77ebhooks`).
const WEBHOOKS = Array.from("webhooks", (c) => c).map((c) => `(?:${c}|%(?:25)*(?:${c.charCodeAt(0).toString(16)}|${c.toUpperCase().charCodeAt(0).toString(16)}))`).join("");
// A message route after the token (`/messages/{id}`, `/messages/@original`) is kept: it holds no secret.
const MESSAGE = String.raw`messages${SEP}+(?:\d+|@original)(?!${TOKEN_CHAR}|${SEP})`;
// Between segments after the token, `\n`, `\r`, `\t` are escapes of a JSON string around the URL, not slashes,
// unless a token-long run follows.
const MORE_SEP = String.raw`(?!\\+[nrt](?!${TOKEN_CHAR}{16}))${SEP}+`;
// `webhooks/{id}/{token}` in any of those spellings; ids of any length (a made-up 30-digit id is still masked);
// dot segments around the id and every segment after it (`{id}/x/../{token}`) are masked with the token.
const WEBHOOK_PATH = new RegExp(
  String.raw`(${WEBHOOKS}(?:${SEP}+${DOT}{1,2})*${SEP}+\d+${SEP}+)(?:${NOISE}|${QUOTE})*${TOKEN_CHAR}+(?:${MORE_SEP}(?!${MESSAGE})(?:${NOISE}|${QUOTE}(?=${TOKEN_CHAR}{16}))*${TOKEN_CHAR}+)*`,
  "gi",
);

/**
 * Returns `text` with the token of every webhook URL in it replaced by `***`, and every string in `secrets`
 * (known tokens) masked wherever it appears. URLs are found in plain text, JSON (also with `\/` or `\u002f`),
 * percent-encoded text (once, twice, three times) and HTML (`&#x2F;`, `&#47;`, `&sol;`).
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

/** The token-like path segments of a webhook URL, masked even where `redact`'s URL pattern would not see them. */
export function tokensIn(url: string): string[] {
  const m = /webhooks\/\d+\/([^/?#]+)/i.exec(url);
  if (!m?.[1]) return [];
  const raw = m[1];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // keep the raw segment
  }
  return decoded === raw ? [raw] : [raw, decoded];
}

/** `true` when `text` holds something {@link redact} would mask as a webhook URL's token. */
export function containsWebhookUrl(text: string): boolean {
  return redact(text) !== text;
}

/**
 * A webhook URL with its token masked, for showing in lists, results and logs. A string in which no webhook URL is
 * recognised (a malformed stored URL, which may still hold a token) is shown as `***` as a whole.
 */
export function maskWebhookUrl(url: string, secrets: readonly string[] = []): string {
  const masked = redact(url, secrets);
  return masked === url && url !== "" ? MASK : masked;
}

/**
 * Masks webhook tokens, in place, in every string an error carries: its message and stack, its other own
 * properties, and its `cause` chain and nested errors, plain objects and arrays (a driver's `detail`, `meta`,
 * `params`, zod's `issues` and their `keys`), a few levels deep. Drivers echo query parameters (the webhook URL)
 * in what they throw, and a custom store's error reaches this package's errors as `cause`. Objects of other
 * classes (a connection, a socket) are left alone; a property that cannot be read or written is skipped.
 */
export function scrubTokens(error: unknown, secrets: readonly string[] = [], depth = 0): void {
  if (depth > 4 || typeof error !== "object" || error === null || !scrubbable(error)) return;
  const target = error as Record<string, unknown>;
  let keys: string[];
  try {
    keys = Object.getOwnPropertyNames(target);
  } catch {
    return;
  }
  for (const key of keys) {
    let value: unknown;
    try {
      value = target[key];
    } catch {
      continue;
    }
    if (typeof value === "string") {
      const clean = redact(value, secrets);
      if (clean !== value) trySet(target, key, clean);
    } else if (typeof value === "object" && value !== null) {
      scrubTokens(value, secrets, depth + 1);
    }
  }
}

// Errors (of any class), plain and null-prototype objects, and arrays: what carries an error's data.
function scrubbable(value: object): boolean {
  if (value instanceof Error || Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function trySet(target: Record<string, unknown>, key: string, value: string): void {
  try {
    target[key] = value;
  } catch {
    // A frozen or getter-only property cannot be cleaned; the wrapping message never includes it.
  }
}
