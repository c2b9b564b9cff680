/**
 * The three clients the benchmark compares, each sending a list of embeds to Discord webhooks (here: the fake):
 * this package's dispatcher, discord.js 14 `WebhookClient` (one message per event), and the seed's plain `fetch`
 * loop under `Promise.all` (errors caught and logged, as the seed did).
 */
import { WebhookClient } from "discord.js";
import { memoryStore } from "../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type DiscordEmbed, type Transport } from "../src/index.js";
import type { FakeWebhook } from "../src/testing/index.js";

/** A client under test: sends every embed to every listed webhook, resolves when it is done (or gave up). */
export interface Client {
  name: string;
  /** Sends `embeds[i]` as event i to each webhook. Returns the errors it swallowed. */
  send(hooks: readonly FakeWebhook[], embeds: readonly DiscordEmbed[]): Promise<number>;
  close(): Promise<void>;
}

/** Discord-time scaled budgets for the dispatcher and discord.js. */
export interface Scaled {
  scale: number;
  apiBaseUrl: string;
  fakeUrl: string;
}

/** This package. One dispatcher (and store) per client; each event is one `dispatch()` call. */
export function ourClient(s: Scaled, transport?: Transport): Client {
  const store = memoryStore();
  const dispatcher = createDispatcher({
    store,
    transport: transport ?? fetchTransport({ apiBaseUrl: s.apiBaseUrl }),
    rateLimit: { globalWindowMs: 1000 * s.scale, channelWindowMs: 60_000 * s.scale, marginMs: 50 * s.scale, maxQueuePerLane: 100_000 },
  });
  const known = new Set<string>();
  return {
    name: "discord-webhook-dispatcher",
    async send(hooks, embeds) {
      for (const hook of hooks) {
        if (known.has(hook.id)) continue;
        known.add(hook.id);
        await store.createWebhook({ name: `bench-${hook.id}`, webhookUrl: hook.url, type: "VPS", scope: "ADMIN" });
      }
      const results = await Promise.all(embeds.map((e) => dispatcher.dispatch("VPS", e)));
      return results.reduce((n, r) => n + r.failed, 0);
    },
    close: () => dispatcher.close({ timeoutMs: 10_000 }),
  };
}

/** discord.js 14 `WebhookClient`, one per webhook, with its REST offsets scaled like the fake. */
export function discordJsClient(s: Scaled): Client {
  // One client per webhook, kept across calls so its rate-limit state carries over (as an app would keep it).
  const clients = new Map<string, WebhookClient>();
  return {
    name: "discord.js WebhookClient",
    async send(hooks, embeds) {
      let errors = 0;
      await Promise.all(
        hooks.map(async (hook) => {
          let client = clients.get(hook.id);
          if (!client) {
            client = new WebhookClient(
              { id: hook.id, token: hook.token },
              { rest: { api: `${s.fakeUrl}/api`, offset: 50 * s.scale, globalRequestsPerSecond: Math.round(50 / s.scale), timeout: 15_000 } },
            );
            clients.set(hook.id, client);
          }
          const sends = embeds.map((e) => client.send({ embeds: [e] }).catch(() => void (errors += 1)));
          await Promise.all(sends);
        }),
      );
      return errors;
    },
    close() {
      for (const c of clients.values()) c.destroy();
      return Promise.resolve();
    },
  };
}

/** The seed: `Promise.all` of plain POSTs (no wait=true), failures caught and logged. */
export function fetchLoopClient(s: Scaled): Client {
  return {
    name: "plain fetch + Promise.all (seed)",
    async send(hooks, embeds) {
      let errors = 0;
      await Promise.all(
        hooks.flatMap((hook) =>
          embeds.map(async (e) => {
            try {
              const res = await fetch(`${s.apiBaseUrl}/webhooks/${hook.id}/${hook.token}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ embeds: [e] }),
              });
              if (!res.ok) throw new Error(`HTTP ${res.status}`);
              await res.arrayBuffer();
            } catch {
              errors += 1;
            }
          }),
        ),
      );
      return errors;
    },
    close: () => Promise.resolve(),
  };
}
