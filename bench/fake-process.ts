/**
 * The Discord fake in a process of its own, for (f): the dispatcher's CPU is then measured without the fake's.
 * Config in DWD_FAKE_CONFIG (`{ scale, webhooks }`). Prints one JSON line `{ apiBaseUrl, hooks }` when listening,
 * then answers every line read on stdin with one JSON line of `{ delivered, rateLimited, requests, embeds }`.
 */
import { createInterface } from "node:readline";
import { createDiscordFake } from "../src/testing/index.js";

export interface FakeProcessConfig {
  scale: number;
  webhooks: number;
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
