/**
 * The worker process of the OpenTelemetry test: sends from Redis to the fake with its own tracer (in-memory
 * exporter); on SIGTERM it closes and prints its finished spans as one JSON line.
 */
import { memoryStore } from "../../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport } from "../../../../src/index.js";
import { openTelemetry } from "../../../../src/otel/index.js";
import { redisQueue } from "../../../../src/redis/index.js";
import { spanView, telemetry } from "../../../otel/helpers.js";

const { redisUrl, prefix, apiBaseUrl, webhookUrl } = JSON.parse(process.env.DWD_OTEL_CONFIG ?? "{}") as Record<string, string>;
const t = telemetry();
const dispatcher = createDispatcher({
  store: memoryStore([{ id: "wh-1", name: "game", webhookUrl: webhookUrl ?? "", type: "GAME_SERVER", scope: "ADMIN" }]),
  transport: fetchTransport({ apiBaseUrl }),
  queue: redisQueue({ connection: redisUrl ?? "", prefix, leaseMs: 2000 }),
  instrumentation: openTelemetry({ tracerProvider: t.tracerProvider, meterProvider: t.meterProvider }),
});
process.on("SIGTERM", () => {
  void dispatcher.close().then(() => {
    process.stdout.write(`${JSON.stringify({ spans: t.spans().map(spanView) })}\n`);
    process.exit(0);
  });
});
process.stdout.write(`${JSON.stringify({ ready: process.pid })}\n`);
