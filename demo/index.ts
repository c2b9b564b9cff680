/**
 * `npm run demo`: the whole path from "something happened" to embeds in Discord channels, against a local Discord
 * fake (time runs 10x faster there). With DISCORD_WEBHOOK_URL set, sends one event of each family to that real
 * webhook instead (the URL is never printed).
 */
import { memoryStore, type MemoryWebhookSeed } from "../adapters/memory/index.js";
import { createDispatcher, fetchTransport, WEBHOOK_SCOPES, WEBHOOK_TYPES, type DispatchResult, type EventName } from "../src/index.js";
import { createDiscordFake, type DiscordFake } from "../src/testing/index.js";
import { SAMPLE_INPUTS } from "./samples.js";

const SCALE = 0.1;
const EVENTS = Object.keys(SAMPLE_INPUTS) as EventName[];
const branding = { footer: "Acme Hosting (demo)", username: "Acme Status" };

function line(result: DispatchResult): string {
  const errors = result.errors.map((e) => `${e.webhook.name}: ${e.error.message}`).join("; ");
  return `success=${result.success} sent=${result.sent} failed=${result.failed}${errors ? ` errors=[${errors}]` : ""}`;
}

async function realDiscord(url: string): Promise<void> {
  // One row per type (distinct owners keep the (url, owner) pair unique); ADMIN reaches every owner.
  const store = memoryStore(WEBHOOK_TYPES.map((type) => ({ name: `demo ${type}`, webhookUrl: url, type, scope: "ADMIN" as const, userId: `demo-${type}` })));
  const dispatcher = createDispatcher({ store, branding });
  console.log("Sending one event of each family to DISCORD_WEBHOOK_URL (not shown)…");
  for (const name of EVENTS) {
    const send = dispatcher[name] as (input: unknown) => Promise<DispatchResult>;
    console.log(`  ${name.padEnd(18)} ${line(await send(SAMPLE_INPUTS[name]))}`);
  }
  await dispatcher.close({ timeoutMs: 30_000 });
}

async function localFake(): Promise<boolean> {
  const fake = await createDiscordFake({ timeScale: SCALE });
  const seeds: MemoryWebhookSeed[] = [];
  const channels = new Map<string, string>();
  for (const type of WEBHOOK_TYPES) {
    for (const scope of WEBHOOK_SCOPES) {
      const hook = fake.addWebhook({ name: `${type.toLowerCase()}-${scope.toLowerCase()}` });
      const name = `#${type.toLowerCase()}-${scope.toLowerCase()}`;
      channels.set(hook.id, name);
      seeds.push({ name, webhookUrl: hook.url, type, scope, ...(scope === "USER" ? { userId: "customer-1" } : {}) });
    }
  }
  const dispatcher = createDispatcher({
    store: memoryStore(seeds),
    transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }),
    branding,
    rateLimit: { globalWindowMs: 1000 * SCALE, channelWindowMs: 60_000 * SCALE, marginMs: 50 * SCALE },
  });
  console.log(`Local Discord fake on ${fake.url} (time x${1 / SCALE}); ${seeds.length} webhooks: every type x every scope.\n`);
  let ok = true;
  console.log("Every event family, about customer-1:");
  for (const name of EVENTS) {
    const send = dispatcher[name] as (input: unknown, options: object) => Promise<DispatchResult>;
    const result = await send(SAMPLE_INPUTS[name], { userId: "customer-1" });
    ok &&= result.success;
    console.log(`  ${name.padEnd(18)} -> ${result.deliveries.map((d) => d.webhook.name).sort().join(", ").padEnd(62)} ${line(result)}`);
  }
  const before = fake.stats();
  console.log("\nA burst of 60 server events to #game_server-admin (ADMIN scope only):");
  const started = performance.now();
  const burst = await Promise.all(
    Array.from({ length: 60 }, (_, i) => dispatcher.serverStateChange({ serverName: `mc-${i + 1}`, state: i % 2 ? "online" : "offline" }, { scopes: [] })),
  );
  const ms = performance.now() - started;
  const after = fake.stats();
  const delivered = burst.filter((r) => r.success).length;
  ok &&= delivered === 60;
  console.log(`  delivered ${delivered}/60 in ${after.delivered - before.delivered} messages, ${after.rateLimited - before.rateLimited} x 429, ` +
    `${(ms / 1000).toFixed(2)} s real = ${(ms / 1000 / SCALE).toFixed(1)} s Discord-time`);
  printChannels(fake, channels);
  await dispatcher.close({ timeoutMs: 5000 });
  await fake.close();
  return ok;
}

function printChannels(fake: DiscordFake, channels: Map<string, string>): void {
  console.log("\nWhat each channel received:");
  for (const [id, name] of channels) {
    const messages = fake.messages(id);
    const titles = messages.flatMap((m) => ((m.body.embeds ?? []) as { title?: string }[]).map((e) => e.title ?? "(no title)"));
    const shown = titles.length > 4 ? [...titles.slice(0, 3), `… ${titles.length - 3} more`] : titles;
    console.log(`  ${name.padEnd(24)} ${String(messages.length).padStart(2)} msg, ${String(titles.length).padStart(2)} embeds  ${shown.join(" | ")}`);
  }
  const stats = fake.stats();
  console.log(`\nFake totals: ${stats.requests} requests, ${stats.delivered} messages, ${stats.rateLimited} x 429 (${JSON.stringify(stats.byScope)})`);
}

const realUrl = process.env.DISCORD_WEBHOOK_URL;
if (realUrl) {
  await realDiscord(realUrl);
} else {
  const ok = await localFake();
  console.log(ok ? "\nAll deliveries settled: nothing lost." : "\nSome deliveries failed (see above).");
  process.exitCode = ok ? 0 : 1;
}
