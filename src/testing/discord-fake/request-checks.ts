/**
 * What the fake refuses before anything else: a `Host` or `Origin` it does not serve (a web page reaching it through
 * DNS rebinding or a cross-site form), a path spelled other than canonically (dot segments, backslashes, encoded
 * slashes, which URL parsers would turn into another webhook's path), and a body that is neither JSON nor
 * multipart (what a cross-site form or `sendBeacon` sends).
 */
import { ConfigError } from "../../errors.js";

/** Hostnames any fake serves: the loopback names. */
const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/** The hosts a fake answers; `true` answers every host. */
export type AllowedHosts = ReadonlySet<string> | true;

/**
 * The set of allowed hostnames: loopback, the interface the fake listens on, and `extra`. Throws `ConfigError` for an
 * entry that is not a hostname.
 */
export function allowedHosts(extra: readonly string[] | true | undefined, listenHost: string): AllowedHosts {
  if (extra === true) return true;
  if (extra !== undefined && !Array.isArray(extra)) throw new ConfigError("`allowedHosts` must be an array of hostnames or true.");
  const set = new Set([...LOOPBACK, hostname(listenHost)]);
  for (const entry of extra ?? []) {
    if (typeof entry !== "string" || !/^[\w.:[\]-]{1,253}$/.test(entry)) {
      throw new ConfigError("`allowedHosts` entries must be hostnames or IP addresses without scheme, port or path (e.g. \"discord-fake\").");
    }
    set.add(hostname(entry));
  }
  return set;
}

/** Whether the request's `Host` (and `Origin`, when sent) name a host the fake serves. */
export function hostAllowed(host: string | undefined, origin: string | undefined, allowed: AllowedHosts): boolean {
  if (allowed === true) return true;
  if (host === undefined || !allowed.has(hostname(stripPort(host)))) return false;
  if (origin === undefined) return true;
  try {
    return allowed.has(hostname(new URL(origin).hostname));
  } catch {
    return false; // `Origin: null` (a sandboxed or file page) or garbage
  }
}

/**
 * Whether the path of a request target is canonical: no `.` or `..` segment, no backslash, no encoded slash,
 * backslash or dot. Node hands over the target as sent; `new URL()` would resolve these into another path.
 */
export function canonicalPath(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0] ?? "";
  if (path.includes("\\") || /%(?:2f|5c|2e)/i.test(path)) return false;
  return !path.split("/").some((segment) => segment === "." || segment === "..");
}

/** The kind of a request body by its content type: Discord reads JSON and multipart (`payload_json`) only. */
export function bodyKind(contentType: string | undefined): "json" | "multipart" | null {
  const type = (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase();
  return type === "application/json" ? "json" : type === "multipart/form-data" ? "multipart" : null;
}

function stripPort(host: string): string {
  const trimmed = host.trim();
  if (trimmed.startsWith("[")) return trimmed.slice(0, trimmed.indexOf("]") + 1);
  const colon = trimmed.indexOf(":");
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

/** Lower case, without a trailing dot; IPv6 addresses in brackets, as `Host` and URLs write them. */
function hostname(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, "");
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}
