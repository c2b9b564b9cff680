/**
 * (c) CPU time per dispatched event with no network: this package through `captureTransport`, discord.js through
 * a stubbed `makeRequest`, and the seed's loop through a stubbed `fetch`. Same prebuilt embeds for all three. Also
 * discord.js's `EmbedBuilder` alone (building the same embeds, nothing sent), and this package's cost per event by
 * how many events are queued at once (10 to 10,000: it must stay flat). This package built (bench/built.ts), as users
 * run it; discord.js as published.
 */
import { EmbedBuilder } from "@discordjs/builders";
import { WebhookClient } from "discord.js";
import type { DiscordEmbed } from "../src/index.js";
import { memory, pkg, testing } from "./built.js";
import { cpuPerEvent } from "./rounds.js";

const { createDispatcher } = pkg;
const { memoryStore } = memory;
const { captureTransport } = testing;

const ID = "123456789012345678";
const TOKEN = "t".repeat(68);

function batches<T>(count: number, size: number, make: (i: number) => Promise<T>): Promise<void> {
  return (async () => {
    for (let i = 0; i < count; i += size) await Promise.all(Array.from({ length: Math.min(size, count - i) }, (_, k) => make(i + k)));
  })();
}

/** What (c) measured. */
export interface CpuResult {
  /** Microseconds per event by client. */
  perClient: Record<string, number>;
  /** This package's microseconds per event with `queued` events dispatched at once (each batch awaited). */
  curve: { queued: number; us: number }[];
  /** This package's microseconds per event with 5,000 events fired at once to one webhook (issue 16's second measure). */
  firedAtOnce: number;
}

/** The name of the EmbedBuilder row. */
export const EMBED_BUILDER = "discord.js EmbedBuilder alone (build + toJSON, nothing sent)";

/** Runs (c) for the three clients; returns microseconds per event by client name. */
export async function cpuScenario(embeds: readonly DiscordEmbed[], n: number): Promise<CpuResult> {
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
  const builder = await cpuPerEvent(n, (count) => {
    for (let i = 0; i < count; i++) buildWithEmbedBuilder(pick(i));
    return Promise.resolve();
  });
  const curve: CpuResult["curve"] = [];
  for (const queued of [10, 100, 1000, 10_000]) curve.push({ queued, us: await queuedCpu(embeds, queued) });
  const firedAtOnce = await queuedCpu(embeds, 5000);
  return {
    perClient: {
      "discord-webhook-dispatcher": ours,
      "discord-webhook-dispatcher (incl. building the embed)": oursBuilt,
      "discord.js WebhookClient": djs,
      [EMBED_BUILDER]: builder,
      "plain fetch + Promise.all (seed)": seed,
    },
    curve,
    firedAtOnce,
  };
}

/** The same embed through discord.js's builder, validated as it validates. */
function buildWithEmbedBuilder(e: DiscordEmbed): unknown {
  const b = new EmbedBuilder().setTitle(e.title ?? null).setDescription(e.description ?? null).setColor(e.color ?? null);
  if (e.fields && e.fields.length > 0) b.addFields(e.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? false })));
  if (e.footer) b.setFooter({ text: e.footer.text });
  if (e.timestamp) b.setTimestamp(new Date(e.timestamp));
  return b.toJSON();
}

/** CPU µs per event with `queued` events dispatched at once to one webhook, over about 10,000 events in all. */
async function queuedCpu(embeds: readonly DiscordEmbed[], queued: number): Promise<number> {
  const store = memoryStore([{ name: "cpu-vps", webhookUrl: `https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`, type: "VPS", scope: "ADMIN" }]);
  const dispatcher = createDispatcher({ store, transport: captureTransport(), rateLimit: { globalLimit: 0, maxQueuePerLane: 100_000 } });
  const rounds = Math.max(1, Math.round(10_000 / queued));
  const us = await cpuPerEvent(queued * rounds, async () => {
    for (let r = 0; r < rounds; r++) await Promise.all(Array.from({ length: queued }, (_, i) => dispatcher.dispatch("VPS", embeds[i % embeds.length]!)));
  });
  await dispatcher.close();
  return us;
}
