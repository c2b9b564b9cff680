/**
 * A local HTTP server that speaks Discord's webhook API, for tests, the demo and the benchmark.
 *
 * Usage (H-delivery and others):
 * ```ts
 * import { createDiscordFake } from "../src/testing/index.js"; // package: "discord-webhook-dispatcher/testing"
 * import { fetchTransport } from "../src/index.js";
 *
 * const fake = await createDiscordFake({ timeScale: 0.01 });   // 5/2 s bucket lasts 20 ms, 30/60 s channel lasts 600 ms
 * const hook = fake.addWebhook();                               // { id, token, channelId, url: "https://discord.com/api/v10/webhooks/{id}/{token}" }
 * const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl }); // rewrites https://discord.com/api/v10 -> fake
 * await transport.send({ url: `${hook.url}?wait=true`, body: { content: "hi" } }); // 200 + message object
 * const fault = fake.inject(hook.id, { status: 503 }, { times: 2 }); // also { kind: "reset" | "hang" }, { kind: "delay", ms }
 * fault.hits; fault.remove();                                   // without `times` a fault lasts until removed or reset()
 * fake.inject(hook.id, { status: 404, body: { message: "Unknown Webhook", code: 10015 } });
 * fake.messages(hook.id);  // accepted messages [{ id, webhookId, channelId, threadId, body, wait, receivedAt }]
 * fake.stats();            // { requests, delivered, rateLimited, byStatus, byScope: { user, shared, global } }
 * fake.requests();         // every request, token masked, with status answered
 * fake.reset(); await fake.close();
 * ```
 * Options: `webhookRateLimit` ({ limit: 5, windowMs: 2000 }), `channelRateLimit` ({ limit: 30, windowMs: 60000 },
 * counts delivered messages per channel, 429 scope "shared"), `globalRateLimit` ({ limit: 50, windowMs: 1000 } per IP,
 * 429 scope "global"), each `false` to disable; `shareChannelBuckets` (webhooks of one channel share a bucket id),
 * `uniqueBucketHashes` (each webhook reports its own bucket hash; default: one hash for all, counted per webhook, as Discord),
 * `maxBodyBytes` (413 above it), `webhooks` (seed), `host`, `port`.
 * Answers: POST 200 + message with `?wait=true`, else 204; GET returns the webhook object; unknown id 404/10015;
 * wrong token 401/50027; invalid body 400/50035 with `errors` (limits in code points after trimming; invalid JSON;
 * lone surrogates); empty message 400/50006; too large 413/40005; unknown `thread_id` 400/10003.
 * Order for a POST: injected fault -> global limit (429 global, no bucket headers) -> 404/401 -> webhook bucket
 * (429 user) -> 413 / 400 -> channel limit (429 shared) -> delivered. Every POST answer from the webhook bucket on
 * carries `x-ratelimit-limit/remaining/reset/reset-after/bucket`; every such answer except a 429 spends one request.
 * Windows are fixed: they open at the first request and last `windowMs * timeScale`.
 * @module
 */
export type * from "./types.js";
export { createDiscordFake } from "./server.js";
