/**
 * One trace across processes: the producer (this process, `worker: false`) starts the delivery span inside the web
 * request's span; a worker process (its own tracer) takes the job from Redis and sends, its HTTP span a child of
 * the producer's delivery span through the job's `traceparent`. No token in any span, nor in Redis.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SpanKind } from "@opentelemetry/api";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../../../src/index.js";
import { openTelemetry } from "../../../src/otel/index.js";
import { redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake } from "../../../src/testing/index.js";
import { spanView, telemetry } from "../../otel/helpers.js";
import { dumpPrefix, freshPrefix, rawClient, requireRedisUrl } from "./support/env.js";

const redisUrl = requireRedisUrl();
const fake = await createDiscordFake();
afterAll(() => fake.close());

describe("OpenTelemetry across a producer and a worker process on Redis", () => {
  it("the worker's HTTP span joins the producer's trace; nothing holds a token", async () => {
    const hook = fake.addWebhook();
    const prefix = freshPrefix();
    const config = { redisUrl, prefix, apiBaseUrl: fake.apiBaseUrl, webhookUrl: hook.url };
    const worker = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./support/otel-worker.ts", import.meta.url))], {
      env: { ...process.env, DWD_OTEL_CONFIG: JSON.stringify(config) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    worker.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<void>((resolve) => worker.on("exit", () => resolve()));
    try {
      const end = Date.now() + 30_000;
      while (!out.includes('"ready"')) {
        if (Date.now() > end) throw new Error("worker did not start");
        await new Promise((r) => setTimeout(r, 50));
      }
      const t = telemetry();
      const producer = createDispatcher({
        store: memoryStore([{ id: "wh-1", name: "game", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" }]),
        transport: fetchTransport({ apiBaseUrl: fake.apiBaseUrl }),
        queue: redisQueue({ connection: redisUrl, prefix }),
        worker: false,
        instrumentation: openTelemetry({ tracerProvider: t.tracerProvider, meterProvider: t.meterProvider }),
      });
      const result = await t.tracerProvider.getTracer("web").startActiveSpan("POST /api/servers/1/stop", async (span) => {
        const r = await producer.serverStateChange({ serverName: "mc-1", state: "stopping" });
        span.end();
        return r;
      });
      expect(result).toMatchObject({ success: true, sent: 1 });
      await producer.close();

      const redis = rawClient();
      const dump = JSON.stringify(await dumpPrefix(redis, prefix));
      await redis.quit();
      expect(dump).not.toContain(hook.token);

      worker.kill("SIGTERM");
      await exited;
      const line = out.split("\n").find((l) => l.startsWith('{"spans"')) ?? "{}";
      const workerSpans = (JSON.parse(line) as { spans?: ReturnType<typeof spanView>[] }).spans ?? [];
      const producerSpans = t.spans().map(spanView);
      const web = producerSpans.find((s) => s.name === "POST /api/servers/1/stop")!;
      const delivery = producerSpans.find((s) => s.name === "discord.deliver serverStateChange")!;
      const attempt = workerSpans.find((s) => s.kind === SpanKind.CLIENT);
      expect(delivery).toMatchObject({ traceId: web.traceId, parentSpanId: web.spanId });
      expect(attempt).toMatchObject({ traceId: web.traceId, parentSpanId: delivery.spanId, name: "POST" });
      expect(attempt?.attributes).toMatchObject({ "http.response.status_code": 200, "discord.webhook.id": "wh-1" });
      expect(JSON.stringify([producerSpans, workerSpans])).not.toContain(hook.token);
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
    }
  });
});
