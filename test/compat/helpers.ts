/** A dispatcher on the memory store, sending to the Discord fake: one webhook per type. */
import { afterAll } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, WEBHOOK_TYPES, type Dispatcher, type DispatcherOptions, type WebhookType } from "../../src/index.js";
import { createDiscordFake, type DiscordFake, type FakeMessage, type FakeWebhook } from "../../src/testing/index.js";

export interface Setup {
  fake: DiscordFake;
  dispatcher: Dispatcher;
  hooks: Record<WebhookType, FakeWebhook>;
  /** Messages the fake received for the webhook of `type`. */
  received: (type: WebhookType) => FakeMessage[];
}

const open: DiscordFake[] = [];
afterAll(async () => {
  await Promise.all(open.map((f) => f.close()));
});

export async function setup(options: Partial<DispatcherOptions> = {}): Promise<Setup> {
  const fake = await createDiscordFake();
  open.push(fake);
  const hooks = Object.fromEntries(WEBHOOK_TYPES.map((t) => [t, fake.addWebhook()])) as Record<WebhookType, FakeWebhook>;
  const store = memoryStore(WEBHOOK_TYPES.map((type) => ({ id: `wh-${type}`, name: `${type.toLowerCase()} hook`, webhookUrl: hooks[type].url, type, scope: "ADMIN" as const })));
  const dispatcher = createDispatcher({ store, transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }), retry: { attempts: 1 }, ...options });
  return { fake, dispatcher, hooks, received: (type) => fake.messages(hooks[type].id) };
}

/** The first embed of a message. */
export function embedOf(message: FakeMessage | undefined): Record<string, unknown> {
  const list = message?.body.embeds as Record<string, unknown>[] | undefined;
  return list?.[0] ?? {};
}
