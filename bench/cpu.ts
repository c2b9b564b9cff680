/**
 * (c) CPU time per dispatched event with no network: this package through `captureTransport`, discord.js through
 * a stubbed `makeRequest`, and the seed's loop through a stubbed `fetch`. Same prebuilt embeds for all three.
 */
import { WebhookClient } from "discord.js";
import { memoryStore } from "../adapters/memory/index.js";
import { createDispatcher, type DiscordEmbed } from "../src/index.js";
import { captureTransport } from "../src/testing/index.js";

const ID = "123456789012345678";
const TOKEN = "t".repeat(68);

/** CPU microseconds per event of `run(n)`: the best of three rounds after a warm-up round (JIT, GC noise). */
async function cpuPerEvent(n: number, run: (count: number) => Promise<void>): Promise<number> {
  await run(n);
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.cpuUsage();
    await run(n);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / n);
  }
  return best;
}

function batches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<void> {
  return (async () => {
    for (let i = 0; i < count; i += size) await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => make(i + k)));
  })();
}

/** Runs (c) for the three clients; returns microseconds per event by client name. */
export async function cpuScenario(embeds: readonly DiscordEmbed[], n: number): Promise<Record<string, number>> {
  const pick = (i: number): DiscordEmbed => embeds[i % embeds.length]!;
  const transport = captureTransport();
  const url = `https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`;
  const store = memoryStore([
    { name: "cpu-vps", webhookUrl: url, type: "VPS", scope: "ADMIN" },
    { name: "cpu-game", webhookUrl: url, type: "GAME_SERVER", scope: "ADMIN", userId: "other-row" },
  ]);
  const dispatcher = createDispatcher({ store, transport, rateLimit: { globalLimit: 0 } });
  const ours = await cpuPerEvent(n, (count) => batches(count, 100, (i) => dispatcher.dispatch("VPS", pick(i))));
  const oursBuilt = await cpuPerEvent(n, (count) => batches(count, 100, (i) => dispatcher.serverStateChange({ serverName: `mc-${i}`, state: "online" })));
  await dispatcher.close();
  // Both paths must really have sent: 10 embeds per message after coalescing.
  if (transport.embeds.length < 2 * n) throw new Error(`captureTransport saw only ${transport.embeds.length} embeds`);

  const message = JSON.stringify({ id: "1", channel_id: "2", embeds: [] });
  const client = new WebhookClient(
    { id: ID, token: TOKEN },
    // A WHATWG Response satisfies discord.js's ResponseLike at run time; the types differ only in undici's details.
    // No global throttle either (discord.js would pace to 50 requests/s and sit idle), so only CPU is measured.
    { rest: { globalRequestsPerSecond: 1e9, makeRequest: (() => Promise.resolve(new Response(message, { status: 200, headers: { "content-type": "application/json" } }))) as never } },
  );
  const djs = await cpuPerEvent(n, (count) => batches(count, 100, (i) => client.send({ embeds: [pick(i)] })));
  client.destroy();

  let bytes = 0;
  const stubFetch = (url: string, init: RequestInit): Promise<Response> => {
    bytes += url.length + (typeof init.body === "string" ? init.body.length : 0);
    return Promise.resolve(new Response(null, { status: 204 }));
  };
  const seed = await cpuPerEvent(n, (count) =>
    batches(count, 100, async (i) => {
      try {
        const res = await stubFetch(`https://discord.com/api/webhooks/${ID}/${TOKEN}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ embeds: [pick(i)] }),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
      } catch {
        // The seed logged and moved on.
      }
    }),
  );
  if (bytes === 0) throw new Error("the seed's stub saw no requests");
  return {
    "discord-webhook-dispatcher": ours,
    "discord-webhook-dispatcher (incl. building the embed)": oursBuilt,
    "discord.js WebhookClient": djs,
    "plain fetch + Promise.all (seed)": seed,
  };
}
