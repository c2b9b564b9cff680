/**
 * The instrumentation port: what the delivery engine tells a tracer / meter (e.g. `openTelemetry()` from
 * `discord-webhook-dispatcher/otel`), without the core importing any of them. Every method is optional; a throwing
 * one is caught and logged, so instrumentation can never break delivery. Nothing given to it holds a token.
 */
import type { DeliveryReport, DispatcherStats } from "./types.js";
import type { Outcome } from "./request.js";

/** A delivery (one event for one webhook) is handed to the engine. */
export interface DeliveryStartInfo {
  /** The webhook's store id. */
  webhookId: string;
  /** The event family (`serverStateChange`, ...), or the webhook type for `dispatch()` calls. */
  event: string;
  /** The webhook's type (`GAME_SERVER`, ...). */
  webhookType: string;
  /** Embeds in the delivery. */
  embeds: number;
  /** The incident this delivery posts, edits or resolves, when it is one. */
  incident?: { key: string; action: string };
}

/** A started delivery. `end` is called once, with the delivery's report. */
export interface DeliveryHandle {
  /** W3C `traceparent` stored with the delivery's jobs (in Redis too), so the attempts join the delivery's trace. */
  readonly traceparent?: string;
  end(report: DeliveryReport): void;
}

/** One HTTP attempt (one message) is about to be sent. */
export interface AttemptStartInfo {
  /** The webhook's store id. */
  webhookId: string;
  method: "POST" | "GET";
  /** The request URL with the token masked (`.../webhooks/{id}/***?wait=true`). */
  maskedUrl: string;
  /** Embeds in the message (several deliveries may share it). */
  embeds: number;
  /** How many times this message's embeds were sent before (0 for the first attempt). */
  resendCount: number;
  /** The `traceparent`s of the deliveries the message carries (first: the parent; others: links). */
  traceparents: readonly string[];
}

/** How an attempt ended. */
export interface AttemptResult {
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** What the answer means: sent, rate limited, transient failure (retried), webhook disabled, or rejected. */
  outcome: Outcome["kind"];
  /** The 429's scope. */
  rateLimitScope?: "user" | "shared" | "global";
  /** Why it failed, low-cardinality: the status as text (`"503"`), `"timeout"`, or the error's code. */
  errorType?: string;
}

/** A started attempt. `end` is called once. */
export interface AttemptHandle {
  end(result: AttemptResult): void;
}

/** The port. Pass an implementation as `createDispatcher({ instrumentation })`. */
export interface Instrumentation {
  /** Called when a delivery is queued (in the process of the event call). */
  deliveryStart?(info: DeliveryStartInfo): DeliveryHandle | undefined;
  /** Called around each HTTP attempt of a delivery (in the process that sends). */
  attemptStart?(info: AttemptStartInfo): AttemptHandle | undefined;
  /** Gives the dispatcher's counters (read when gauges are collected); returns a function that stops reading them. */
  observe?(stats: () => Promise<DispatcherStats>): () => void;
}

/** The result an attempt's outcome reports. */
export function attemptResult(outcome: Outcome): AttemptResult {
  const result: AttemptResult = { outcome: outcome.kind };
  if (outcome.kind !== "transient" || outcome.status !== undefined) result.status = outcome.status;
  if (outcome.kind === "rate-limited") result.rateLimitScope = outcome.scope;
  if (outcome.kind !== "ok") result.errorType = outcome.status !== undefined ? String(outcome.status) : outcome.error.code === "TIMEOUT" ? "timeout" : outcome.error.code.toLowerCase();
  return result;
}
