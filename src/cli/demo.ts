/**
 * The demo (`npm run demo`, `npx discord-webhook-dispatcher demo`): the whole path from "something happened" to
 * embeds in Discord channels, against a local Discord fake whose inbox shows them (time runs 10x faster there).
 * With a real webhook URL, sends one event of each family there instead (the URL is never printed).
 */
import { memoryStore, type MemoryWebhookSeed } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, WEBHOOK_SCOPES, WEBHOOK_TYPES, type DispatchResult, type EventName } from "../index.js";
import { createDiscordFake, type DiscordFake } from "../testing/index.js";
import { runShowcase } from "./demo-showcase.js";
import { SAMPLE_INPUTS } from "./samples.js";

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Keep the fake and its inbox running after the events (until `stop` is called). Default `false`. */
  serve?: boolean;
  /** Port of the fake. Default: a free one. */
  port?: number;
  /** A real webhook URL: send one event of each family there instead of to the fake. */
  realWebhookUrl?: string;
  /**
   * With `realWebhookUrl`: the API to send to instead of Discord's (`DISCORD_API_BASE_URL`, e.g. a running fake's),
   * so a URL printed by `fake` is never sent to discord.com.
   */
  apiBaseUrl?: string;
  /** Where lines go. Default `console.log`. */
  print?: (line: string) => void;
}

/** What {@link runDemo} resolves with. */
export interface DemoRun {
  /** Whether every delivery succeeded. */
  ok: boolean;
  /** With `serve`: the running fake (its inbox at `fake.inboxUrl`). */
  fake?: DiscordFake;
  /** Stops what `serve` kept running. */
  stop(): Promise<void>;
}

const SCALE = 0.1;
const EVENTS = Object.keys(SAMPLE_INPUTS) as EventName[];
const branding = { footer: "Acme Hosting (demo)", username: "Acme Status" };

function line(result: DispatchResult): string {
  const errors = result.errors.map((e) => `${e.webhook.name}: ${e.error.message}`).join("; ");
  return `success=${String(result.success)} sent=${String(result.sent)} failed=${String(result.failed)}${errors ? ` errors=[${errors}]` : ""}`;
}

/**
 * Runs the demo. Resolves once every event settled (and, with `serve`, while the fake keeps running).
 *
 * @example
 * ```ts
 * const run = await runDemo({ serve: true, port: 8787 });
 * // open run.fake.inboxUrl, then:
 * await run.stop();
 * ```
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoRun> {
  const print = options.print ?? console.log;
  if (options.realWebhookUrl !== undefined) {
    return { ok: await realDiscord(options.realWebhookUrl, print, options.apiBaseUrl), stop: () => Promise.resolve() };
  }
  const fake = await createDiscordFake({ timeScale: SCALE, ...(options.port === undefined ? {} : { port: options.port }) });
  let ok: boolean;
  try {
    ok = await localFake(fake, print);
  } catch (error) {
    await fake.close();
    throw error;
  }
  print(ok ? "\nAll deliveries settled: nothing lost." : "\nSome deliveries failed (see above).");
  if (options.serve) {
    print(`\nInbox (every message as Discord shows it, 429s and faults too): ${fake.inboxUrl}`);
    print(`DISCORD_API_BASE_URL=${fake.apiBaseUrl}`);
    print("Press Ctrl-C to stop.");
    return { ok, fake, stop: () => fake.close() };
  }
  await fake.close();
  print("To look at these messages in the inbox, run `npm run demo -- --serve` (or `npx discord-webhook-dispatcher demo --serve`).");
  return { ok, stop: () => Promise.resolve() };
}

async function realDiscord(url: string, print: (line: string) => void, apiBaseUrl: string | undefined): Promise<boolean> {
  // One row per type (distinct owners keep the (url, owner) pair unique); ADMIN reaches every owner.
  const store = memoryStore(WEBHOOK_TYPES.map((type) => ({ name: `demo ${type}`, webhookUrl: url, type, scope: "ADMIN" as const, userId: `demo-${type}` })));
  const dispatcher = createDispatcher({ store, branding, ...(apiBaseUrl ? { transport: fetchTransport({ apiBaseUrl }) } : {}) });
  print(`Sending one event of each family to the webhook URL (not shown)${apiBaseUrl ? ` through ${apiBaseUrl}` : ""}…`);
  let ok = true;
  for (const name of EVENTS) {
    const send = dispatcher[name] as (input: unknown) => Promise<DispatchResult>;
    const result = await send(SAMPLE_INPUTS[name]);
    ok &&= result.success;
    print(`  ${name.padEnd(18)} ${line(result)}`);
  }
  await dispatcher.close({ timeoutMs: 30_000 });
  return ok;
}

async function localFake(fake: DiscordFake, print: (line: string) => void): Promise<boolean> {
  const seeds: MemoryWebhookSeed[] = [];
  const channels = new Map<string, string>();
  for (const type of WEBHOOK_TYPES) {
    for (const scope of WEBHOOK_SCOPES) {
      const name = `${type.toLowerCase()}-${scope.toLowerCase()}`;
      const hook = fake.addWebhook({ name });
      channels.set(hook.id, `#${name}`);
      seeds.push({ name: `#${name}`, webhookUrl: hook.url, type, scope, ...(scope === "USER" ? { userId: "customer-1" } : {}) });
    }
  }
  // The one line a test needs: the fake's transport, and rate-limit windows and retry delays in its time.
  const dispatcher = createDispatcher({ store: memoryStore(seeds), branding, ...fake.dispatcherOptions() });
  print(`Local Discord fake on ${fake.url} (time x${String(1 / SCALE)}); ${String(seeds.length)} webhooks: every type x every scope.\n`);
  let ok = true;
  print("Every event family, about customer-1:");
  for (const name of EVENTS) {
    const send = dispatcher[name] as (input: unknown, options: object) => Promise<DispatchResult>;
    const result = await send(SAMPLE_INPUTS[name], { userId: "customer-1" });
    ok &&= result.success;
    print(`  ${name.padEnd(18)} -> ${result.deliveries.map((d) => d.webhook.name).sort().join(", ").padEnd(62)} ${line(result)}`);
  }
  // An event that names a customer stays out of PUBLIC channels; one that names nobody (a platform status) reaches them.
  print("\nA node event that names no customer reaches the PUBLIC status channel too:");
  const status = await dispatcher.nodeAlert({ node: "eu-1", resource: "disk", usage: 95 });
  ok &&= status.success;
  print(`  ${"nodeAlert".padEnd(18)} -> ${status.deliveries.map((d) => d.webhook.name).sort().join(", ").padEnd(62)} ${line(status)}`);
  const before = fake.stats();
  print("\nA burst of 60 server events to #game_server-admin (ADMIN scope only):");
  const started = performance.now();
  const burst = await Promise.all(
    Array.from({ length: 60 }, (_, i) => dispatcher.serverStateChange({ serverName: `mc-${String(i + 1)}`, state: i % 2 ? "online" : "offline" }, { scopes: [] })),
  );
  const ms = performance.now() - started;
  const after = fake.stats();
  const delivered = burst.filter((r) => r.success).length;
  ok &&= delivered === 60;
  print(
    `  delivered ${String(delivered)}/60 in ${String(after.delivered - before.delivered)} messages, ${String(after.rateLimited - before.rateLimited)} x 429, ` +
      `${(ms / 1000).toFixed(2)} s real = ${(ms / 1000 / SCALE).toFixed(1)} s Discord-time`,
  );
  ok = (await runShowcase(dispatcher, fake, print, line)) && ok;
  printChannels(fake, channels, print);
  await dispatcher.close({ timeoutMs: 5000 });
  return ok;
}

function printChannels(fake: DiscordFake, channels: Map<string, string>, print: (line: string) => void): void {
  print("\nWhat each channel received:");
  for (const [id, name] of channels) {
    const messages = fake.messages(id);
    const titles = messages.flatMap((m) => ((m.body.embeds ?? []) as { title?: string }[]).map((e) => e.title ?? "(no title)"));
    const shown = titles.length > 4 ? [...titles.slice(0, 3), `… ${String(titles.length - 3)} more`] : titles;
    print(`  ${name.padEnd(24)} ${String(messages.length).padStart(2)} msg, ${String(titles.length).padStart(2)} embeds  ${shown.join(" | ")}`);
  }
  const stats = fake.stats();
  print(`\nFake totals: ${String(stats.requests)} requests, ${String(stats.delivered)} messages, ${String(stats.rateLimited)} x 429 (${JSON.stringify(stats.byScope)})`);
}
