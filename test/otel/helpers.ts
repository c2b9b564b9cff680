/** OpenTelemetry SDK pieces for tests: in-memory span exporter, a metric reader read on demand, async context. */
import { context, type SpanKind } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader, type MetricData } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

/** A reader that exports nothing: tests call `collect()`. */
class TestReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Telemetry {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  spans(): ReadableSpan[];
  metrics(): Promise<MetricData[]>;
}

let contextSet = false;

export function telemetry(): Telemetry {
  if (!contextSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextSet = true;
  }
  const exporter = new InMemorySpanExporter();
  const reader = new TestReader();
  return {
    tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    meterProvider: new MeterProvider({ readers: [reader] }),
    spans: () => exporter.getFinishedSpans(),
    metrics: async () => (await reader.collect()).resourceMetrics.scopeMetrics.flatMap((s) => s.metrics),
  };
}

/** A plain, token-checkable view of a span. */
export function spanView(span: ReadableSpan): { name: string; kind: SpanKind; traceId: string; spanId: string; parentSpanId: string | undefined; attributes: Record<string, unknown>; status: number; links: number } {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    attributes: { ...span.attributes },
    status: span.status.code,
    links: span.links.length,
  };
}
