import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../../src/index.js";
import { openTelemetry } from "../../src/otel/index.js";
import { createDiscordFake } from "../../src/testing/index.js";
import { telemetry } from "./helpers.js";

describe("openTelemetry(): metrics", () => {
  it("deliveries by outcome, request duration in seconds, 429s by scope, queue depth, invalid requests", async () => {
    const t = telemetry();
    const fake = await createDiscordFake();
    const ok = fake.addWebhook();
    const gone = fake.addWebhook();
    fake.inject(gone.id, { status: 401, body: { code: 50027, message: "Invalid Webhook Token" } });
    fake.inject(ok.id, { status: 429, body: { message: "You are being rate limited.", retry_after: 0.05, global: false }, headers: { "x-ratelimit-scope": "shared" } }, { times: 1 });
    const dispatcher = createDispatcher({
      store: memoryStore([ok, gone].map((h, i) => ({ name: `h${i}`, webhookUrl: h.url, type: "CUSTOM" as const, scope: "ADMIN" as const }))),
      transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }),
      instrumentation: openTelemetry({ tracerProvider: t.tracerProvider, meterProvider: t.meterProvider }),
    });
    expect(await dispatcher.custom({ title: "x" })).toMatchObject({ sent: 1, failed: 1 });
    const metrics = await t.metrics();
    const byName = (name: string) => metrics.find((m) => m.descriptor.name === name);
    const points = (name: string) => (byName(name)?.dataPoints ?? []).map((p) => ({ attributes: p.attributes, value: p.value }));

    expect(points("discord.deliveries")).toEqual(
      expect.arrayContaining([
        { attributes: { "discord.delivery.outcome": "delivered", "discord.event.type": "custom" }, value: 1 },
        { attributes: { "discord.delivery.outcome": "failed", "discord.event.type": "custom" }, value: 1 },
      ]),
    );
    expect(byName("discord.deliveries")?.descriptor.unit).toBe("{delivery}");
    const duration = byName("http.client.request.duration");
    expect(duration?.descriptor.unit).toBe("s");
    const statuses = (duration?.dataPoints ?? []).map((p) => p.attributes["http.response.status_code"]).sort();
    expect(statuses).toEqual([200, 401, 429]);
    expect(points("discord.rate_limits")).toEqual([{ attributes: { "discord.rate_limit.scope": "shared" }, value: 1 }]);
    expect(points("discord.queue.depth")).toEqual([{ attributes: {}, value: 0 }]);
    // The 401 counts; a shared 429 does not (Discord does not count it).
    expect(points("discord.invalid_requests")).toEqual([{ attributes: {}, value: 1 }]);
    await dispatcher.close();
    await fake.close();
    expect(JSON.stringify(metrics)).not.toContain(ok.token);
  });
});
