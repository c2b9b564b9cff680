import type { DiscordFake, FakeWebhook } from "../../src/testing/index.js";

/** A raw answer from the fake, read with plain fetch so the fake is tested without our transport. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  // Tests read Discord's JSON freely; the shapes are asserted, not typed.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** POSTs `body` (JSON-encoded unless a string) to a webhook of the fake. */
export async function post(
  fake: DiscordFake,
  hook: Pick<FakeWebhook, "id" | "token">,
  body: unknown,
  query = "?wait=true",
  init: RequestInit = {},
): Promise<RawAnswer> {
  const url = `${fake.apiBaseUrl}/webhooks/${hook.id}/${hook.token}${query}`;
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  return read(await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: payload, ...init }));
}

/** Any request to a path of the fake. */
export async function request(fake: DiscordFake, path: string, init: RequestInit = {}): Promise<RawAnswer> {
  return read(await fetch(`${fake.url}${path}`, init));
}

async function read(res: Response): Promise<RawAnswer> {
  const text = await res.text();
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers, body };
}

/** Everything an error exposes: name, message, stack, own properties, the whole `cause` chain. */
export function everythingIn(error: unknown, depth = 0): string {
  if (depth > 10 || error === undefined || error === null) return "";
  if (!(error instanceof Error)) return typeof error === "string" ? error : safeJson(error);
  const own = Object.getOwnPropertyNames(error)
    .filter((k) => k !== "cause")
    .map((k) => {
      const v = (error as unknown as Record<string, unknown>)[k];
      return typeof v === "string" ? v : safeJson(v);
    });
  return [error.name, error.message, error.stack ?? "", ...own, everythingIn(error.cause, depth + 1)].join("\n");
}

function safeJson(v: unknown): string {
  try {
    // `undefined` for functions and symbols at run time; `join` below turns it into "".
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
