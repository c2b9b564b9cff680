/**
 * The Discord fake in a process of its own, for (f): the dispatcher's CPU is then measured without the fake's.
 * Config in DWD_FAKE_CONFIG (`{ scale, webhooks }`). Prints one JSON line `{ apiBaseUrl, hooks }` when listening,
 * then answers every line read on stdin with one JSON line of `{ delivered, rateLimited, requests, embeds }`.
 * {@link spawnFake} starts it and talks to it.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createDiscordFake } from "../src/testing/index.js";

export interface FakeProcessConfig {
  scale: number;
  webhooks: number;
}

/** What the fake in its own process counted so far. */
export interface FakeProcessStats {
  delivered: number;
  rateLimited: number;
  requests: number;
  embeds: number;
}

/** A running fake process: where it listens, its webhooks, its counts, and how to stop it. */
export interface FakeProcess {
  apiBaseUrl: string;
  hooks: { id: string; url: string }[];
  stats(): Promise<FakeProcessStats>;
  stop(): void;
}

/** Starts the fake in a process of its own, with `cfg.webhooks` webhooks, and resolves once it listens. */
export async function spawnFake(cfg: FakeProcessConfig): Promise<FakeProcess> {
  const script = new URL("./fake-process.ts", import.meta.url).pathname;
  const proc = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, DWD_FAKE_CONFIG: JSON.stringify(cfg) }, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => JSON.parse(String((await lines.next()).value)) as T;
  const { apiBaseUrl, hooks } = await next<{ apiBaseUrl: string; hooks: { id: string; url: string }[] }>();
  return {
    apiBaseUrl,
    hooks,
    stats: () => {
      proc.stdin.write("stats\n");
      return next<FakeProcessStats>();
    },
    stop: () => proc.stdin.end(),
  };
}

if (process.env.DWD_FAKE_CONFIG) {
  const cfg = JSON.parse(process.env.DWD_FAKE_CONFIG) as FakeProcessConfig;
  const fake = await createDiscordFake({ timeScale: cfg.scale });
  const hooks = Array.from({ length: cfg.webhooks }, () => fake.addWebhook());
  process.stdout.write(`${JSON.stringify({ apiBaseUrl: fake.apiBaseUrl, hooks: hooks.map((h) => ({ id: h.id, url: h.url })) })}\n`);
  createInterface({ input: process.stdin }).on("line", () => {
    const stats = fake.stats();
    const embeds = hooks.reduce((n, h) => n + fake.messages(h.id).reduce((k, m) => k + ((m.body.embeds as unknown[] | undefined)?.length ?? 0), 0), 0);
    process.stdout.write(`${JSON.stringify({ delivered: stats.delivered, rateLimited: stats.rateLimited, requests: stats.requests, embeds })}\n`);
  });
  process.stdin.on("end", () => {
    void fake.close().then(() => process.exit(0));
  });
}
