/**
 * The dispatcher's metrics (names and units in docs/opentelemetry.md): deliveries by outcome, HTTP request duration,
 * 429s by scope, and, read from `stats()` when collected, queue depth and Discord's invalid-request count.
 */
import type { Attributes, Meter } from "@opentelemetry/api";
import type { DispatcherStats } from "../delivery/types.js";

/** What the instrumentation records into. */
export interface DispatcherMetrics {
  delivery(attributes: Attributes): void;
  requestDuration(seconds: number, attributes: Attributes): void;
  rateLimited(attributes: Attributes): void;
  /** Starts reading one dispatcher's stats into the gauges; returns the stop. */
  observe(stats: () => Promise<DispatcherStats>): () => void;
}

/** Creates the instruments on `meter`. */
export function createMetrics(meter: Meter): DispatcherMetrics {
  const deliveries = meter.createCounter("discord.deliveries", { description: "Deliveries (one event for one webhook) by outcome", unit: "{delivery}" });
  const duration = meter.createHistogram("http.client.request.duration", {
    description: "Duration of HTTP requests to Discord",
    unit: "s",
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] },
  });
  const limited = meter.createCounter("discord.rate_limits", { description: "429 answers from Discord by scope", unit: "{response}" });
  const depth = meter.createObservableGauge("discord.queue.depth", { description: "Deliveries queued or in flight that this process waits on", unit: "{delivery}" });
  const invalid = meter.createObservableGauge("discord.invalid_requests", {
    description: "Invalid answers (401, 403, 429 other than shared) in Discord's 10-minute window; Discord bans the IP at 10,000",
    unit: "{request}",
  });
  const sources = new Set<() => Promise<DispatcherStats>>();
  meter.addBatchObservableCallback(
    async (result) => {
      if (sources.size === 0) return;
      const all = await Promise.all([...sources].map((read) => read().catch(() => undefined)));
      const stats = all.filter((s): s is DispatcherStats => s !== undefined);
      if (stats.length === 0) return;
      result.observe(depth, stats.reduce((sum, s) => sum + s.openDeliveries, 0));
      // Processes sharing a durable queue see one shared count: the largest is the window's.
      result.observe(invalid, Math.max(...stats.map((s) => s.invalidRequests)));
    },
    [depth, invalid],
  );
  return {
    delivery: (attributes) => {
      deliveries.add(1, attributes);
    },
    requestDuration: (seconds, attributes) => {
      duration.record(seconds, attributes);
    },
    rateLimited: (attributes) => {
      limited.add(1, attributes);
    },
    observe(stats) {
      sources.add(stats);
      return () => sources.delete(stats);
    },
  };
}
