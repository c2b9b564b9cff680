/**
 * `discord-webhook-dispatcher/otel`: OpenTelemetry traces and metrics for the dispatcher (optional peer
 * `@opentelemetry/api`). Opt in with `createDispatcher({ ..., instrumentation: openTelemetry() })`; without a
 * registered tracer / meter provider the API's no-op one is used and it costs next to nothing.
 * Names, attributes and units: docs/opentelemetry.md.
 * @packageDocumentation
 */
import { context, createNoopMeter, metrics, ProxyTracerProvider, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Link, type MeterProvider, type TracerProvider } from "@opentelemetry/api";
import type { AttemptResult, Instrumentation } from "../delivery/instrumentation.js";
import type { DeliveryReport } from "../delivery/types.js";
import { redact } from "../discord/redact.js";
import { VERSION } from "../version.js";
import { createMetrics } from "./metrics.js";
import { fromTraceparent, toTraceparent } from "./trace-context.js";

/** The instrumentation scope name of every tracer and meter this package creates. */
export const INSTRUMENTATION_NAME = "discord-webhook-dispatcher";

/** Options of {@link openTelemetry}. */
export interface OpenTelemetryOptions {
  /** Default: the global one (`trace.getTracerProvider()`; spans start once the host registers a provider). */
  tracerProvider?: TracerProvider;
  /** Default: the global one at the time of this call (`metrics.getMeterProvider()`): register yours first. */
  meterProvider?: MeterProvider;
}

/**
 * The dispatcher's OpenTelemetry instrumentation. Traces: a span `discord.deliver {event}` per delivery (one event
 * for one webhook), started in the context active at the event call, and a CLIENT span per HTTP attempt following
 * the HTTP semantic conventions (`url.full` with the token masked), parented to its delivery even in another
 * process (the `traceparent` travels with the job through Redis). Metrics: `discord.deliveries`,
 * `http.client.request.duration`, `discord.rate_limits`, `discord.queue.depth`, `discord.invalid_requests`.
 * No span, attribute or metric ever holds a webhook token.
 *
 * @example
 * ```ts
 * import { openTelemetry } from "discord-webhook-dispatcher/otel";
 * const dispatcher = createDispatcher({ store, instrumentation: openTelemetry() });
 * ```
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Instrumentation {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer = provider.getTracer(INSTRUMENTATION_NAME, VERSION);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME, VERSION);
  const recorded = createMetrics(meter);
  // The API's no-op meter (no MeterProvider was registered before this call) records nothing: while no span is
  // recorded either, a delivery and an attempt get no handle at all (nothing to build, no reaction to wait for).
  const measuring = !(meter instanceof createNoopMeter().constructor);
  // The global provider is a proxy whose spans are no-ops until the host registers one. While it has none, a delivery
  // builds no attributes and starts no span (asked per delivery: a provider registered later is used from then on).
  const tracing = (): boolean => !(provider instanceof ProxyTracerProvider) || provider.getDelegateTracer(INSTRUMENTATION_NAME, VERSION) !== undefined;
  const counted = (event: string, report: DeliveryReport): void => {
    recorded.delivery({ "discord.delivery.outcome": report.status, "discord.event.type": event });
  };
  // A webhook's host and port, parsed once per URL (the masked URL: no token); a few thousand at most are kept.
  const servers = new Map<string, Server>();
  const serverFor = (url: string): Server => {
    let server = servers.get(url);
    if (server === undefined) {
      if (servers.size >= 4096) servers.clear();
      server = serverOf(url);
      servers.set(url, server);
    }
    return server;
  };
  /** Records an attempt's duration (and its 429) and gives the metric attributes, also set on its span. */
  const measured = (method: string, server: Server, started: number, result: AttemptResult): Attributes => {
    const metric: Attributes = { "http.request.method": method, "server.address": server.address };
    if (result.status !== undefined) metric["http.response.status_code"] = result.status;
    if (result.errorType !== undefined) metric["error.type"] = result.errorType;
    recorded.requestDuration((performance.now() - started) / 1000, metric);
    if (result.rateLimitScope) recorded.rateLimited({ "discord.rate_limit.scope": result.rateLimitScope });
    return metric;
  };
  return {
    deliveryStart(info) {
      if (!tracing()) return measuring ? { end: (report) => { counted(info.event, report); } } : undefined;
      const attributes: Attributes = {
        "discord.webhook.id": info.webhookId,
        "discord.webhook.type": info.webhookType,
        "discord.event.type": info.event,
        "messaging.batch.message_count": info.embeds,
      };
      if (info.incident) Object.assign(attributes, { "discord.incident.key": info.incident.key, "discord.incident.action": info.incident.action });
      const span = tracer.startSpan(`discord.deliver ${info.event}`, { kind: SpanKind.PRODUCER, attributes }, context.active());
      return {
        traceparent: toTraceparent(span.spanContext()),
        end(report) {
          counted(info.event, report);
          if (!span.isRecording()) return;
          span.setAttributes({ "discord.delivery.outcome": report.status, "discord.delivery.attempts": report.attempts });
          if (report.status === "failed") {
            span.setAttribute("error.type", report.error?.code ?? "failed");
            span.setStatus({ code: SpanStatusCode.ERROR, message: redact(report.error?.message ?? "delivery failed") });
          }
          span.end();
        },
      };
    },

    attemptStart(info) {
      const traced = tracing();
      if (!traced && !measuring) return undefined;
      const started = performance.now();
      const server = serverFor(info.maskedUrl);
      if (!traced) return { end: (result) => void measured(info.method, server, started, result) };
      const [first, ...rest] = info.traceparents.map(fromTraceparent);
      const parent = first ? trace.setSpanContext(ROOT_CONTEXT, first) : ROOT_CONTEXT;
      const links: Link[] = rest.flatMap((c) => (c ? [{ context: c }] : []));
      const url = redact(info.maskedUrl);
      const attributes: Attributes = {
        "http.request.method": info.method,
        "server.address": server.address,
        "url.full": url,
        "discord.webhook.id": info.webhookId,
        "messaging.batch.message_count": info.embeds,
      };
      if (server.port !== undefined) attributes["server.port"] = server.port;
      if (info.resendCount > 0) attributes["http.request.resend_count"] = info.resendCount;
      const span = tracer.startSpan(info.method, { kind: SpanKind.CLIENT, attributes, links }, parent);
      return {
        end(result) {
          const metric = measured(info.method, server, started, result);
          if (!span.isRecording()) return;
          span.setAttributes(metric);
          if (result.rateLimitScope) span.setAttribute("discord.rate_limit.scope", result.rateLimitScope);
          if (result.errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },

    observe: (stats) => recorded.observe(stats),
  };
}

interface Server {
  address: string;
  port?: number;
}

/** Host and port (when not the scheme's default) of a URL. */
function serverOf(url: string): Server {
  try {
    const parsed = new URL(url);
    return parsed.port === "" ? { address: parsed.hostname } : { address: parsed.hostname, port: Number(parsed.port) };
  } catch {
    return { address: "unknown" };
  }
}
