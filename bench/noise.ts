/**
 * Incidents and noise (issue 18's measures), side by side with a plain client that posts every event (discord.js
 * `WebhookClient`, which waits out 429s so it loses nothing): a crash loop,
 * a flood of one node alert and an outage of 30 servers, each against a fresh local Discord fake (time scaled), two
 * webhooks; then dispatch CPU per event with incidents on and off. Counts come from what the fake received (posts =
 * messages it accepted, edits = PATCHes it applied), never from what a client says it did.
 * Run alone: `npx tsx bench/noise.ts`; `npm run bench` runs it after the rest, in a process of its own.
 */
import { memoryStore } from "../adapters/memory/index.js";
import {
  createDispatcher,
  embeds as build,
  type DiscordEmbed,
  type Dispatcher,
} from "../src/index.js";
import {
  createDiscordFake,
  type DiscordFake,
  type FakeWebhook,
} from "../src/testing/index.js";
import { discordJsClient } from "./clients.js";
import { inChild, isMain, printResult } from "./child.js";
import { bestRounds } from "./rounds.js";

/** One scenario's numbers for one client, per webhook (the worst of the two). */
interface NoiseRow {
  scenario: string;
  client: string;
  posts: number;
  edits: number;
  /** Events the client did not get to Discord (plain client: posts that failed, e.g. 429 without a retry). */
  lost: number;
  /** The scenario's own check on what the channel shows at the end (count, resolved). */
  shows: string;
  met: boolean;
}

/** What `noiseScenario` gives `npm run bench`. */
export interface NoiseBench {
  text: string;
  markdown: string;
  met: boolean;
}

interface Scenario {
  name: string;
  /** The webhooks' type (the event family's). */
  type: "GAME_SERVER" | "VPS";
  /** The plain client's embeds: one post per event. */
  plain: DiscordEmbed[];
  /** Sends the events through a dispatcher whose clock reads `clock.now`; gives the deliveries that failed. */
  run: (d: Dispatcher, clock: { now: number }) => Promise<number>;
  /** Judges what each webhook's channel shows in the end. */
  judge: (messages: FakeMessages) => { shows: string; met: boolean };
}

type FakeMessages = ReturnType<DiscordFake["messages"]>;
const embedsOf = (m: FakeMessages[number] | undefined): string[] =>
  ((m?.body.embeds as unknown[] | undefined) ?? []).map((e) =>
    JSON.stringify(e)
  );
const failedIn = (results: readonly { failed: number }[]): number =>
  results.reduce((n, r) => n + r.failed, 0);
const SERVERS = Array.from({ length: 30 }, (_, i) => `mc-${String(i + 1)}`);

const scenarios: Scenario[] = [
  {
    name: "crash loop: 20 crash / online cycles of one server in 10 min",
    type: "GAME_SERVER",
    plain: Array.from({ length: 40 }, (_, i) =>
      build.serverStateChange({
        serverName: "mc-1",
        state: i % 2 === 0 ? "crashed" : "online",
      })
    ),
    async run(d, clock) {
      let failed = 0;
      for (let i = 0; i < 20; i++) {
        for (const state of ["crashed", "online"] as const) {
          clock.now += 15_000;
          failed += (await d.serverStateChange({ serverName: "mc-1", state }))
            .failed;
        }
      }
      return failed;
    },
    judge(messages) {
      const last = embedsOf(messages.at(-1)).join("");
      const ok =
        messages.length === 1 &&
        /[Rr]esolved/.test(last) &&
        /crashed 20 times/.test(last);
      return {
        shows: ok
          ? "1 message, resolved, crashed 20 times"
          : `${String(messages.length)} messages`,
        met: ok,
      };
    },
  },
  {
    name: "flood: 500 identical node alerts in 5 s",
    type: "VPS",
    plain: Array.from({ length: 500 }, () =>
      build.nodeAlert({ node: "node-3", resource: "memory", usage: 93 })
    ),
    async run(d, clock) {
      const results = await Promise.all(
        Array.from({ length: 500 }, () => {
          clock.now += 10;
          return d.nodeAlert({ node: "node-3", resource: "memory", usage: 93 });
        })
      );
      return failedIn(results);
    },
    judge(messages) {
      const edits = messages.reduce((n, m) => n + m.edits.length, 0);
      const last = embedsOf(messages.at(-1)).join("");
      const counted = /500 times/.test(last);
      const ok = messages.length === 1 && edits <= 10 && counted;
      return {
        shows: `${String(messages.length)} post, ${String(edits)} edits, ${
          counted ? "says 500 times" : "count not 500"
        }`,
        met: ok,
      };
    },
  },
  {
    name: "outage: 30 servers of one node crash at once, then recover",
    type: "GAME_SERVER",
    plain: [
      ...SERVERS.map((s) =>
        build.serverStateChange({ serverName: s, state: "crashed" })
      ),
      ...SERVERS.map((s) =>
        build.serverStateChange({ serverName: s, state: "online" })
      ),
    ],
    async run(d, clock) {
      clock.now += 1000;
      const crashed = await Promise.all(
        SERVERS.map((serverName) =>
          d.serverStateChange({ serverName, state: "crashed", node: "node-3" })
        )
      );
      clock.now += 5 * 60_000;
      const online = await Promise.all(
        SERVERS.map((serverName) =>
          d.serverStateChange({ serverName, state: "online", node: "node-3" })
        )
      );
      return failedIn([...crashed, ...online]);
    },
    judge(messages) {
      const shown = messages.flatMap(embedsOf);
      // Each server's problem must end resolved in an embed of its own: the embed names it (bold, as the builder
      // writes it, markdown-escaped) and says resolved.
      const resolved = SERVERS.filter((s) =>
        shown.some(
          (e) =>
            e.includes(
              JSON.stringify(`**${s.replace("-", "\\-")}**`).slice(1, -1)
            ) && /[Rr]esolved/.test(e)
        )
      );
      const ok = messages.length <= 6 && resolved.length === SERVERS.length;
      return {
        shows: `${String(
          resolved.length
        )}/30 problems end resolved in their own embed`,
        met: ok,
      };
    },
  },
];

async function withFake<T>(
  scale: number,
  body: (fake: DiscordFake, hooks: FakeWebhook[]) => Promise<T>
): Promise<T> {
  const fake = await createDiscordFake({ timeScale: scale });
  try {
    return await body(fake, [fake.addWebhook(), fake.addWebhook()]);
  } finally {
    await fake.close();
  }
}

function rowOf(
  scenario: string,
  client: string,
  fake: DiscordFake,
  hooks: FakeWebhook[],
  lost: number,
  judge: Scenario["judge"] | undefined
): NoiseRow {
  const per = hooks.map((h) => fake.messages(h.id));
  const posts = Math.max(...per.map((m) => m.length));
  const edits = Math.max(
    ...per.map((m) => m.reduce((n, x) => n + x.edits.length, 0))
  );
  const judged = judge ? per.map(judge) : [];
  const failed = judged.find((j) => !j.met);
  return {
    scenario,
    client,
    posts,
    edits,
    lost,
    shows: judge ? (failed ?? judged[0])?.shows ?? "" : "every event a post",
    met: judge ? failed === undefined && lost === 0 : true,
  };
}

async function ours(s: Scenario, scale: number): Promise<NoiseRow> {
  return withFake(scale, async (fake, hooks) => {
    const store = memoryStore(
      hooks.map((h, i) => ({
        name: `ops-${String(i)}`,
        webhookUrl: h.url,
        type: s.type,
        scope: "ADMIN" as const,
      }))
    );
    const clock = { now: Date.UTC(2026, 11, 3, 6, 0) };
    const dispatcher = createDispatcher({
      store,
      ...fake.dispatcherOptions(),
      now: () => new Date(clock.now),
      incidents: {},
    });
    const failed = await s.run(dispatcher, clock);
    await dispatcher.close({ timeoutMs: 30_000 });
    return rowOf(
      s.name,
      "discord-webhook-dispatcher (incidents)",
      fake,
      hooks,
      Math.ceil(failed / hooks.length),
      s.judge
    );
  });
}

async function plain(s: Scenario, scale: number): Promise<NoiseRow> {
  return withFake(scale, async (fake, hooks) => {
    const client = discordJsClient({
      scale,
      apiBaseUrl: fake.apiBaseUrl,
      fakeUrl: fake.url,
    });
    const errors = await client.send(hooks, s.plain);
    await client.close();
    return rowOf(
      s.name,
      "discord.js WebhookClient (a post per event)",
      fake,
      hooks,
      Math.ceil(errors / hooks.length),
      undefined
    );
  });
}

/**
 * One round: CPU microseconds per dispatched event for `count` events (50 at a time; no network: `captureTransport`),
 * the package as built (bench/built.ts: the sources through tsx carry its `keepNames` wrappers), a fresh dispatcher,
 * incidents on or off; `paced`: under Discord's 50/s global limit (about 7 s a round, mostly idle), else without it,
 * as (c) measures dispatch CPU.
 */
async function cpuRound(incidents: boolean, count: number, paced: boolean): Promise<number> {
  const { pkg, memory, testing } = await import("./built.js");
  const url = (n: number): string =>
    `https://discord.com/api/v10/webhooks/12345678901234567${String(
      n
    )}/${"t".repeat(68)}`;
  const once = async (): Promise<number> => {
    const store = memory.memoryStore(
      [1, 2].map((n) => ({
        name: `w${String(n)}`,
        webhookUrl: url(n),
        type: "GAME_SERVER" as const,
        scope: "ADMIN" as const,
      }))
    );
    const dispatcher = pkg.createDispatcher({
      store,
      transport: testing.captureTransport(),
      ...(!paced && { rateLimit: { globalLimit: 0 } }),
      ...(incidents && { incidents: {} }),
    });
    const start = process.cpuUsage();
    for (let i = 0; i < count; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) =>
          dispatcher.serverStateChange({
            serverName: `mc-${String(k)}`,
            state: (i / 50) % 2 === 0 ? "crashed" : "online",
          })
        )
      );
    }
    const used = process.cpuUsage(start);
    await dispatcher.close();
    return (used.user + used.system) / count;
  };
  return once();
}

/** Dispatch CPU per event with incidents off and on: their rounds alternating, each side's best (bench/rounds.ts). */
async function cpuPerEvent(count: number, paced: boolean): Promise<{ off: number; on: number }> {
  const [off = Infinity, on = Infinity] = await bestRounds([() => cpuRound(false, count, paced), () => cpuRound(true, count, paced)]);
  return { off, on };
}

/** Runs every scenario for both clients, then the CPU cost; renders a table with ratios (plain posts / ours). */
export async function noiseScenario(
  scale: number,
  cpuEvents = 2000
): Promise<NoiseBench> {
  const rows: NoiseRow[] = [];
  for (const s of scenarios)
    rows.push(await ours(s, scale), await plain(s, scale));
  const { off, on } = await cpuPerEvent(cpuEvents, true);
  // Beside it, for where the gap comes from: the same rounds unpaced (dense work, as (c) measures); not judged.
  const dense = await cpuPerEvent(cpuEvents, false);
  const cpuMet = on / off <= 1.5;
  const header =
    "| scenario | client | posts / webhook | edits / webhook | lost | the channel shows | posts vs plain | target met |";
  const lines = [header, "|---|---|---|---|---|---|---|---|"];
  for (let i = 0; i < rows.length; i += 2) {
    const [o, p] = [rows[i], rows[i + 1]];
    if (!o || !p) continue;
    const ratio = `${(p.posts / Math.max(o.posts, 1)).toFixed(0)}x fewer`;
    lines.push(
      `| ${o.scenario} | ${o.client} | ${String(o.posts)} | ${String(
        o.edits
      )} | ${String(o.lost)} | ${o.shows} | ${ratio} | ${
        o.met ? "yes" : "NO"
      } |`
    );
    lines.push(
      `| | ${p.client} | ${String(p.posts)} | 0 | ${String(p.lost)} | ${
        p.shows
      } | 1x | |`
    );
  }
  const cpuLine = `Dispatch CPU per event, incidents on ${on.toFixed(
    1
  )} µs vs off ${off.toFixed(1)} µs: ${(on / off).toFixed(
    2
  )}x (target <= 1.5x: ${cpuMet ? "met" : "NOT met"}; rounds paced by the 50/s global limit, about 7 s each). Not judged, for where the gap comes from: the same rounds unpaced (as (c) measures) read on ${dense.on.toFixed(
    1
  )} µs vs off ${dense.off.toFixed(1)} µs: ${(dense.on / dense.off).toFixed(2)}x.`;
  const title = `### (h) Incidents and noise (issue 18), time scale ${String(
    scale
  )}, 2 webhooks`;
  const table = lines.join("\n");
  return {
    text: `${title}\n${table}\n${cpuLine}`,
    markdown: `\n${title}\n\n${table}\n\n${cpuLine}\n`,
    met: cpuMet && rows.every((r) => r.met),
  };
}

/** {@link noiseScenario} in a process of its own (bench/child.ts says why), as `npm run bench` runs it. */
export const noiseInChild = (scale: number): Promise<NoiseBench> => inChild(new URL(import.meta.url), { BENCH_SCALE: String(scale), BENCH_EVENTS: "2000" });

if (isMain(import.meta.url)) {
  const result = await noiseScenario(
    Number(process.env.BENCH_SCALE ?? 0.2),
    Number(process.env.BENCH_EVENTS ?? 400)
  );
  printResult(result);
}
