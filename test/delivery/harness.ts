/**
 * Test harness: a time-scaled Discord fake, a memory store, a dispatcher wired to the fake through the real
 * fetch transport, and a capture of every log line and hook event (for the token-redaction checks).
 */
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type Dispatcher, type DispatcherOptions, type WebhookScope, type WebhookStore, type WebhookType } from "../../src/index.js";
import { createDiscordFake, type AddFakeWebhookInput, type DiscordFake, type DiscordFakeOptions, type FakeWebhook } from "../../src/testing/index.js";

/** Discord time runs 20x faster: a 2 s bucket lasts 100 ms. */
export const SCALE = 0.05;

/** Engine budgets scaled like the fake. */
export const SCALED_RATE_LIMIT = { globalWindowMs: 1000 * SCALE, channelWindowMs: 60_000 * SCALE, marginMs: 5 };

export interface Harness {
  fake: DiscordFake;
  store: WebhookStore;
  dispatcher: Dispatcher;
  /** Every log line with its metadata, and every hook event, as given. */
  logs: { level: string; message: string; meta: unknown }[];
  hookEvents: { name: string; event: unknown }[];
  /** Tokens of every fake webhook made through {@link Harness.addWebhook}. */
  tokens: string[];
  addWebhook(input: { type: WebhookType; scope: WebhookScope; userId?: string; name?: string; avatarUrl?: string; fake?: AddFakeWebhookInput; urlSuffix?: string }): Promise<{ id: string; hook: FakeWebhook }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  fake?: DiscordFakeOptions;
  dispatcher?: Partial<DispatcherOptions>;
  /** Per-attempt deadline of the fetch transport. */
  transportTimeoutMs?: number;
  /** Wraps the memory store the dispatcher is given (e.g. to make its writes hang); `h.store` stays the raw one. */
  wrapStore?: (store: WebhookStore) => WebhookStore;
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await createDiscordFake({ timeScale: SCALE, ...options.fake });
  const store = memoryStore();
  const logs: Harness["logs"] = [];
  const hookEvents: Harness["hookEvents"] = [];
  const tokens: string[] = [];
  const log = (level: string) => (message: string, meta?: unknown) => logs.push({ level, message, meta });
  const hook = (name: string) => (event: unknown) => hookEvents.push({ name, event });
  const dispatcher = createDispatcher({
    store: options.wrapStore ? options.wrapStore(store) : store,
    transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: options.transportTimeoutMs ?? 5000 }),
    rateLimit: SCALED_RATE_LIMIT,
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50, random: () => 0.5 },
    logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
    hooks: { onDelivered: hook("onDelivered"), onRetry: hook("onRetry"), onRateLimited: hook("onRateLimited"), onDisabled: hook("onDisabled"), onFailed: hook("onFailed"), onStoreError: hook("onStoreError") },
    ...options.dispatcher,
  });
  return {
    fake,
    store,
    dispatcher,
    logs,
    hookEvents,
    tokens,
    async addWebhook(input) {
      const hookInfo = fake.addWebhook(input.fake);
      tokens.push(hookInfo.token);
      const record = await store.createWebhook({
        name: input.name ?? `hook-${hookInfo.id.slice(-4)}`,
        webhookUrl: hookInfo.url + (input.urlSuffix ?? ""),
        type: input.type,
        scope: input.scope,
        userId: input.userId ?? null,
        avatarUrl: input.avatarUrl ?? null,
      });
      return { id: record.id, hook: hookInfo };
    },
    async close() {
      await dispatcher.close({ timeoutMs: 1000 });
      await fake.close();
    },
  };
}

/** Titles of every embed the fake accepted for a webhook, in arrival order. */
export function receivedTitles(fake: DiscordFake, webhookId: string): string[] {
  return fake.messages(webhookId).flatMap((m) => ((m.body.embeds ?? []) as { title?: string }[]).map((e) => e.title ?? ""));
}

/** A simple custom embed with a recognisable title. */
export function embed(title: string): { title: string; description: string } {
  return { title, description: `about ${title}` };
}
