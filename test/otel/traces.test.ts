import { createNoopMeter, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../../src/index.js";
import { openTelemetry } from "../../src/otel/index.js";
import { createDiscordFake } from "../../src/testing/index.js";
import { spanView, telemetry } from "./helpers.js";

async function setup(webhooks = 1, type: "GAME_SERVER" | "VPS" | "CUSTOM" = "GAME_SERVER") {
  const t = telemetry();
  const fake = await createDiscordFake();
  const hooks = Array.from({ length: webhooks }, () => fake.addWebhook());
  const store = memoryStore(hooks.map((h, i) => ({ id: `wh-${i}`, name: `hook ${i}`, webhookUrl: h.url, type, scope: "ADMIN" as const })));
  const dispatcher = createDispatcher({
    store,
    transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }),
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    instrumentation: openTelemetry({ tracerProvider: t.tracerProvider, meterProvider: t.meterProvider }),
  });
  const tokens = hooks.map((h) => h.token);
  const close = async () => {
    await dispatcher.close();
    await fake.close();
  };
  return { t, fake, hooks, dispatcher, tokens, close };
}

describe("openTelemetry(): traces", () => {
  it("with the global provider: no span while none is registered, spans once the host registers one later", async () => {
    const t = telemetry();
    const fake = await createDiscordFake();
    const hook = fake.addWebhook();
    const dispatcher = createDispatcher({
      store: memoryStore([{ id: "wh-g", name: "global", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]),
      transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }),
      instrumentation: openTelemetry({ meterProvider: t.meterProvider }), // tracer: the global proxy, no SDK yet
    });
    try {
      expect((await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" })).sent).toBe(1);
      expect(t.spans()).toHaveLength(0);
      expect(trace.setGlobalTracerProvider(t.tracerProvider)).toBe(true);
      expect((await dispatcher.serverStateChange({ serverName: "mc-1", state: "online" })).sent).toBe(1);
      expect(t.spans().map((s) => s.name)).toEqual(expect.arrayContaining(["discord.deliver serverStateChange", "POST"]));
      const counted = (await t.metrics()).find((m) => m.descriptor.name === "discord.deliveries");
      expect(counted?.dataPoints.reduce((n, p) => n + Number(p.value), 0)).toBe(2); // counted with and without a span
    } finally {
      trace.disable();
      await dispatcher.close();
      await fake.close();
    }
  });

  it("with no tracer or meter provider registered: a delivery and an attempt get no handle; once a tracer provider is registered they do", () => {
    const otel = openTelemetry({ meterProvider: { getMeter: () => createNoopMeter() } }); // tracer: the global proxy, no SDK
    const delivery = { webhookId: "wh-n", event: "serverStateChange", webhookType: "GAME_SERVER" as const, embeds: 1 };
    const attempt = { webhookId: "wh-n", method: "POST" as const, maskedUrl: "https://discord.com/api/v10/webhooks/1/***", embeds: 1, resendCount: 0, traceparents: [] };
    try {
      expect(otel.deliveryStart?.(delivery)).toBeUndefined();
      expect(otel.attemptStart?.(attempt)).toBeUndefined();
      expect(trace.setGlobalTracerProvider(telemetry().tracerProvider)).toBe(true);
      expect(otel.deliveryStart?.(delivery)?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(otel.attemptStart?.(attempt)).toBeDefined();
    } finally {
      trace.disable();
    }
  });

  it("one trace from the caller's span: a delivery span per webhook, a CLIENT span per attempt with HTTP attributes", async () => {
    const { t, dispatcher, tokens, close } = await setup(2);
    const tracer = t.tracerProvider.getTracer("test");
    await tracer.startActiveSpan("web request", async (span) => {
      expect((await dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" })).sent).toBe(2);
      span.end();
    });
    const spans = t.spans().map(spanView);
    const root = spans.find((s) => s.name === "web request")!;
    const deliveries = spans.filter((s) => s.name === "discord.deliver serverStateChange");
    const attempts = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(deliveries).toHaveLength(2);
    expect(attempts).toHaveLength(2);
    for (const d of deliveries) {
      expect(d).toMatchObject({ traceId: root.traceId, parentSpanId: root.spanId });
      expect(d.attributes).toMatchObject({ "discord.event.type": "serverStateChange", "discord.webhook.type": "GAME_SERVER", "discord.delivery.outcome": "delivered", "messaging.batch.message_count": 1 });
    }
    for (const a of attempts) {
      const parent = deliveries.find((d) => d.spanId === a.parentSpanId);
      expect(parent?.attributes["discord.webhook.id"]).toBe(a.attributes["discord.webhook.id"]);
      expect(a.name).toBe("POST");
      expect(a.attributes).toMatchObject({ "http.request.method": "POST", "server.address": "discord.com", "http.response.status_code": 200, "messaging.batch.message_count": 1 });
      expect(a.attributes["url.full"]).toMatch(/\/webhooks\/\d+\/\*\*\*\?wait=true$/);
      expect(a.attributes).not.toHaveProperty("http.request.resend_count");
    }
    const dump = JSON.stringify(t.spans().map((s) => ({ ...spanView(s), events: s.events, status: s.status, resource: s.resource.attributes })));
    for (const token of tokens) expect(dump).not.toContain(token);
    await close();
  });

  it("a retried attempt carries resend_count and error.type; a 429 its scope; a failed delivery is an error span", async () => {
    const { t, fake, hooks, dispatcher, tokens, close } = await setup(1, "VPS");
    const hook = hooks[0]!;
    fake.inject(hook.id, { status: 503, body: { message: "unavailable" } }, { times: 1 });
    fake.inject(hook.id, { status: 429, body: { message: "You are being rate limited.", retry_after: 0.05, global: false }, headers: { "x-ratelimit-scope": "user" } }, { times: 1 });
    expect((await dispatcher.nodeAlert({ node: "n-1", resource: "cpu", usage: 97 })).sent).toBe(1);
    const attempts = t.spans().filter((s) => s.kind === SpanKind.CLIENT).map(spanView);
    expect(attempts.map((a) => [a.attributes["http.response.status_code"], a.attributes["error.type"], a.attributes["http.request.resend_count"]])).toEqual([
      [503, "503", undefined],
      [429, "429", 1],
      [200, undefined, 2],
    ]);
    expect(attempts[1]?.attributes["discord.rate_limit.scope"]).toBe("user");
    expect(attempts[0]?.status).toBe(SpanStatusCode.ERROR);

    fake.inject(hook.id, { status: 404, body: { code: 10015, message: "Unknown Webhook" } });
    await dispatcher.nodeAlert({ node: "n-1", resource: "cpu", usage: 98 });
    const failed = t.spans().map(spanView).filter((s) => s.name === "discord.deliver nodeAlert").at(-1);
    expect(failed).toMatchObject({ status: SpanStatusCode.ERROR, attributes: { "discord.delivery.outcome": "failed", "error.type": "WEBHOOK_DISABLED" } });
    for (const token of tokens) expect(JSON.stringify(t.spans().map(spanView))).not.toContain(token);
    await close();
  });

  it("embeds packed into one message: one attempt span with the message's embed count, linked to the other deliveries", async () => {
    const { t, fake, hooks, dispatcher, close } = await setup(1, "CUSTOM");
    fake.inject(hooks[0]!.id, { kind: "delay", ms: 300 }, { times: 1 });
    const first = dispatcher.custom({ title: "first" });
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all([first, dispatcher.custom({ title: "a" }), dispatcher.custom({ title: "b" })]);
    const attempts = t.spans().filter((s) => s.kind === SpanKind.CLIENT).map(spanView);
    expect(attempts.map((a) => a.attributes["messaging.batch.message_count"])).toEqual([1, 2]);
    expect(attempts[1]?.links).toBe(1);
    await close();
  });

  it("an instrumentation that throws never breaks delivery", async () => {
    const fake = await createDiscordFake();
    const hook = fake.addWebhook();
    const errors: string[] = [];
    const dispatcher = createDispatcher({
      store: memoryStore([{ name: "a", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]),
      transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }),
      logger: { error: (m) => errors.push(m) },
      instrumentation: {
        deliveryStart: () => ({ traceparent: "not-a-traceparent", end: () => { throw new Error("end broke"); } }),
        attemptStart: () => { throw new Error("start broke"); },
      },
    });
    expect(await dispatcher.custom({ title: "x" })).toMatchObject({ success: true, sent: 1 });
    await dispatcher.close();
    await fake.close();
    expect(errors.filter((e) => e.includes("instrumentation threw"))).toHaveLength(2);
  });
});
