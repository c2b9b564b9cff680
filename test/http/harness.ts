import { memoryStore } from "../../adapters/memory/index.js";
import { createWebhookRoutes } from "../../src/http/index.js";
import { fetchTransport } from "../../src/transports/fetch.js";
import { createDiscordFake } from "../../src/testing/discord-fake/index.js";
import type { DiscordFake } from "../../src/testing/discord-fake/index.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import type { Actor, WebhookManager, WebhookManagerOptions } from "../../src/webhooks/types.js";
import type { WebhookStore } from "../../src/types.js";
import { makeDispatcher } from "./dispatcher.js";

export const BASE = "http://app.test/api/webhooks";

/** Demo auth for the tests: `x-user-id` and `x-admin: 1`; no header means signed out. */
export function authorize(request: Request): Actor | null {
  const userId = request.headers.get("x-user-id");
  const isAdmin = request.headers.get("x-admin") === "1";
  if (!userId && !isAdmin) return null;
  return { userId: userId || null, isAdmin };
}

export interface Harness {
  fake: DiscordFake;
  store: WebhookStore;
  manager: WebhookManager;
  /** The dispatcher behind the manager (events of tests that play both sides). */
  dispatcher: ReturnType<typeof makeDispatcher>;
  handler: (request: Request) => Promise<Response>;
  errors: unknown[];
  /** Every line the dispatcher logged. */
  logs: string[];
  close(): Promise<void>;
}

/** A memory store, the real Discord fake, the dispatcher over fetchTransport, the manager and the routes. */
export async function createHarness(options: { maxBodyBytes?: number; bodyTimeoutMs?: number; manager?: Partial<WebhookManagerOptions> } = {}): Promise<Harness> {
  const fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  const store = memoryStore();
  const logs: string[] = [];
  const dispatcher = makeDispatcher(store, fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 5000 }), logs);
  // No test cooldown unless a test asks for one: most tests test the same webhook several times in a row.
  const manager = createWebhookManager({ dispatcher, testCooldownMs: 0, ...options.manager });
  const errors: unknown[] = [];
  const handler = createWebhookRoutes({
    manager,
    authorize,
    basePath: "/api/webhooks",
    onError: (e) => errors.push(e),
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.bodyTimeoutMs ? { bodyTimeoutMs: options.bodyTimeoutMs } : {}),
  });
  return {
    fake,
    store,
    manager,
    dispatcher,
    handler,
    errors,
    logs,
    async close() {
      await dispatcher.close();
      await fake.close();
    },
  };
}

// Response bodies are read loosely in tests; the assertions are what check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Headers of an actor. */
export function as(actor: Actor): Record<string, string> {
  const h: Record<string, string> = {};
  if (actor.userId) h["x-user-id"] = actor.userId;
  if (actor.isAdmin) h["x-admin"] = "1";
  return h;
}

/** Sends a JSON request through the handler and returns status, parsed body and raw text. */
export async function call(h: Harness, method: string, path: string, actor: Actor | null, body?: unknown): Promise<{ status: number; json: Json; text: string; headers: Headers }> {
  const headers: Record<string, string> = actor ? as(actor) : {};
  const init: RequestInit = { method, headers };
  // As every client must (cross-site protection): JSON on every mutating request, with or without a body.
  if (method !== "GET") headers["content-type"] = "application/json";
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const res = await h.handler(new Request(`${BASE}${path}`, init));
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, text, headers: res.headers };
}
