/**
 * W3C `traceparent` to and from an OpenTelemetry span context, written here so it works whatever propagator the
 * host registered (or none): the delivery's trace context travels with its jobs, through Redis too.
 */
import { TraceFlags, isSpanContextValid, type SpanContext } from "@opentelemetry/api";

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** `00-{trace id}-{span id}-{flags}`, or `undefined` for an invalid (no-op, unsampled root) context. */
export function toTraceparent(context: SpanContext): string | undefined {
  if (!isSpanContextValid(context)) return undefined;
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

/** The remote span context of a `traceparent`, or `undefined` when it is not one. */
export function fromTraceparent(value: string): SpanContext | undefined {
  const match = TRACEPARENT.exec(value);
  if (!match) return undefined;
  const context: SpanContext = { traceId: match[1] ?? "", spanId: match[2] ?? "", traceFlags: parseInt(match[3] ?? "0", 16) & TraceFlags.SAMPLED, isRemote: true };
  return isSpanContextValid(context) ? context : undefined;
}
