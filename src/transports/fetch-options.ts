/**
 * `fetchTransport`'s options: one schema, the environment variable `DISCORD_API_BASE_URL`, and the defaults.
 */
import * as z from "zod";
import { DISCORD_API_BASE } from "../discord/webhook-url.js";
import { durationMs, parseOptions } from "../options.js";
import { VERSION } from "../version.js";

/** The User-Agent Discord asks bots to send: `DiscordBot (URL, VERSION)`. */
export const DEFAULT_USER_AGENT = `DiscordBot (https://github.com/discord-webhook-dispatcher/discord-webhook-dispatcher, ${VERSION})`;

/** What one transport sends with, defaults applied. */
export interface Settings {
  apiBaseUrl: string;
  timeoutMs: number;
  userAgent: string;
}

const baseUrl = z.string().refine((s) => {
  if (/\s/.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === "https:" || u.protocol === "http:") && u.search === "" && u.hash === "" && u.username === "" && u.password === "";
  } catch {
    return false;
  }
}, "must be an http(s) URL without query, fragment or credentials");

const fetchTransportOptions = z.object({
  apiBaseUrl: baseUrl.optional(),
  timeoutMs: durationMs().optional(),
  userAgent: z.string().min(1).refine((s) => !/[\r\n]/.test(s), "must be one line").optional(),
});

/**
 * The settings of `options` (`ConfigError` naming a bad option). `apiBaseUrl` defaults to `DISCORD_API_BASE_URL`,
 * then to Discord's API; a trailing slash is dropped.
 */
export function fetchSettings(options: { apiBaseUrl?: string | undefined; timeoutMs?: number | undefined; userAgent?: string | undefined }): Settings {
  const fromEnv = options.apiBaseUrl === undefined ? envBaseUrl() : undefined;
  const what = fromEnv === undefined ? "fetchTransport" : "fetchTransport (apiBaseUrl from DISCORD_API_BASE_URL)";
  const parsed = parseOptions(fetchTransportOptions, fromEnv === undefined ? options : { ...options, apiBaseUrl: fromEnv }, what);
  const apiBaseUrl = (parsed.apiBaseUrl ?? DISCORD_API_BASE).replace(/\/+$/, "");
  return { apiBaseUrl, timeoutMs: parsed.timeoutMs ?? 15_000, userAgent: parsed.userAgent ?? DEFAULT_USER_AGENT };
}

/** `DISCORD_API_BASE_URL` when a Node-like `process.env` has it, trimmed; `undefined` when unset or empty. */
function envBaseUrl(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.DISCORD_API_BASE_URL?.trim();
  return value === undefined || value === "" ? undefined : value;
}
