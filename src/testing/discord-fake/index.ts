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
 * createDispatcher({ store, ...fake.dispatcherOptions() }); // transport + rateLimit/retry in the fake's time scale
 * fake.inboxUrl;           // `${url}/`: the inbox page (messages as Discord shows them, 429s, faults, refusals; live)
 * ```
 * `acceptAnyWebhook: true` registers unknown webhooks with a snowflake id and a well-formed token on first use
 * instead of answering 404. The inbox's routes (`/`, `/inbox/*`) are not Discord requests: not in `requests()`/`stats()`.
 * Options: `webhookRateLimit` ({ limit: 5, windowMs: 2000 }), `channelRateLimit` ({ limit: 30, windowMs: 60000 },
 * counts delivered messages per channel, 429 scope "shared"), `globalRateLimit` ({ limit: 50, windowMs: 1000 } per IP,
 * 429 scope "global"), each `false` to disable; `shareChannelBuckets` (webhooks of one channel share a bucket id),
 * `uniqueBucketHashes` (each webhook reports its own bucket hash; default: one hash for all, counted per webhook, as Discord),
 * `maxBodyBytes` (413 above it), `webhooks` (seed), `host`, `port`, `allowedHosts` (hostnames answered besides loopback
 * and `host`, or `true`; any other `Host` or `Origin` gets 403, unrecorded: no DNS rebinding, no cross-site form).
 * Bodies must be JSON or multipart (`payload_json` is read) else 400/50035 `CONTENT_TYPE_INVALID`; a path with a dot
 * segment, a backslash or an encoded slash is 404 and its token is never recorded.
 * Answers: POST 200 + message with `?wait=true`, else 204; GET returns the webhook object (from a bucket of its own, with headers: every request counts); unknown id 404/10015;
 * wrong token 401/50027; invalid body 400/50035 with `errors` (limits in code points after trimming; invalid JSON;
 * lone surrogates); empty message 400/50006; too large 413/40005; unknown `thread_id` 400/10003.
 * Order for a POST: injected fault -> global limit (429 global, no bucket headers) -> content type -> 404/401 -> webhook bucket
 * (429 user) -> 413 / 400 -> channel limit (429 shared) -> delivered. Every POST answer from the webhook bucket on
 * carries `x-ratelimit-limit/remaining/reset/reset-after/bucket`; every such answer except a 429 spends one request.
 * Windows are fixed: they open at the first request and last `windowMs * timeScale`.
 * Messages already sent: `GET | PATCH | DELETE .../webhooks/{id}/{token}/messages/{message_id}` (`thread_id` required
 * for a message in a thread), each route and method a bucket of its own per webhook; 404/10008 for an unknown or
 * deleted message; 429/30046 past `oldMessageEdits` (edits of messages older than an hour, per channel). Records keep
 * `edits` (time and previous body) and `deletedAt`. `addWebhook({ channelType: "forum" | "media", tags })`: posts need
 * `thread_id` or `thread_name` (400/220001; both 220002; `thread_name` elsewhere 220003), `applied_tags` at most 5 of
 * the forum's tags; `fake.forumPosts()`. Flags: only 4, 4096, 32768 (an edit changes 4 and 32768 only). Link buttons
 * are kept with `?with_components=true` only (else dropped silently); interactive components 400/50035. Multipart
 * files become `attachments` (bytes kept), 413/40005 past `maxFileBytes` (10 MiB), 400/30015 past 10 files.
 * @module
 */
export type * from "./types.js";
export { createDiscordFake } from "./server.js";
