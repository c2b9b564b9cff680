import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { fetchTransport, type FetchTransportOptions, type Transport } from "../../src/index.js";
import { createDiscordFake, type DiscordFake, type DiscordFakeOptions, type FakeWebhook } from "../../src/testing/index.js";

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

/** The two ways `fetchTransport()` sends: Node's http(s) (on Node) and `fetch` (other runtimes). */
export const HTTP_PATHS = ["node:http", "fetch"] as const;
export type HttpPath = (typeof HTTP_PATHS)[number];

/**
 * `fetchTransport(options)` sending the `path` way: for `fetch`, made while `process.getBuiltinModule` is hidden, as
 * on a runtime without Node's modules.
 */
export function fetchTransportVia(path: HttpPath, options?: FetchTransportOptions): Transport {
  if (path === "node:http") return fetchTransport(options);
  const saved = Object.getOwnPropertyDescriptor(process, "getBuiltinModule");
  Object.defineProperty(process, "getBuiltinModule", { value: undefined, configurable: true, writable: true });
  try {
    return fetchTransport(options);
  } finally {
    if (saved) Object.defineProperty(process, "getBuiltinModule", saved);
  }
}

/** What {@link useFetchTransportFake} sets up; read inside tests (the values change before each one). */
export interface FetchTransportFake {
  readonly fake: DiscordFake;
  /** A fresh webhook of the fake, added before each test. */
  readonly hook: FakeWebhook;
  /** A default `fetchTransport` pointed at the fake, sending the given way. */
  readonly transport: Transport;
}

/**
 * For the transport tests, in a `describe`: one fake for the block, with a webhook bucket too large to limit and no
 * global or channel limits; before each test the fake is reset and gets a fresh webhook.
 */
export function useFetchTransportFake(path: HttpPath = "node:http"): FetchTransportFake {
  let fake: DiscordFake | undefined;
  let hook: FakeWebhook | undefined;
  let transport: Transport | undefined;
  beforeAll(async () => {
    fake = await createDiscordFake({ webhookRateLimit: { limit: 1000, windowMs: 60_000 }, globalRateLimit: false, channelRateLimit: false });
    transport = fetchTransportVia(path, { apiBaseUrl: fake.apiBaseUrl });
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake?.reset();
    hook = fake?.addWebhook();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useFetchTransportFake: ${what} is set up by the hooks; read it inside a test`);
    return value;
  };
  return {
    get fake() {
      return ready(fake, "fake");
    },
    get hook() {
      return ready(hook, "hook");
    },
    get transport() {
      return ready(transport, "transport");
    },
  };
}

/**
 * Rate-limit windows long enough (a minute) that requests a test needs inside one window cannot straddle two on a slow
 * machine and turn a 429 into a 200; where a window must pass, tests wait what the fake reported, plus a margin.
 */
export const LONG_WINDOW_MS = 60_000;

/** In a `describe`: starts a fake with the given options for the running test and closes it after the test. */
export function useFakePerTest(): (options: DiscordFakeOptions) => Promise<DiscordFake> {
  let fake: DiscordFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return async (options) => {
    fake = await createDiscordFake(options);
    return fake;
  };
}
