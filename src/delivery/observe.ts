/**
 * Logger and hooks behind one safe facade: a throwing hook or logger is caught (and logged) so observability can
 * never break delivery. Every string in log metadata passes through `redact` on its way out, as a last guard.
 */
import { redact } from "../discord/redact.js";
import type { AttemptHandle, AttemptStartInfo, DeliveryHandle, DeliveryStartInfo, Instrumentation } from "./instrumentation.js";
import type { Outcome } from "./request.js";
import { INVALID_ANSWER_LIMIT, type Learned } from "./state.js";
import type { DeliveryHooks, LogMeta, Logger } from "./hooks.js";
import type { DispatcherStats } from "./types.js";
import type { HttpMethod } from "../types.js";

type Level = "debug" | "info" | "warn" | "error";

/**
 * What the engine tells the host: log lines (redacted), hooks and traces. Every method returns at once and never
 * throws, whatever the host's logger, hooks or instrumentation do.
 */
export interface Observer {
  log(level: Level, message: string, meta?: LogMeta): void;
  hook<K extends keyof DeliveryHooks>(name: K, event: Parameters<NonNullable<DeliveryHooks[K]>>[0]): void;
  /** The instrumentation's delivery handle (one that cannot throw), if it traces deliveries. */
  deliveryStart(info: DeliveryStartInfo): DeliveryHandle | undefined;
  /** The instrumentation's attempt handle (one that cannot throw), if it traces attempts. */
  attemptStart(info: AttemptStartInfo): AttemptHandle | undefined;
}

/** Wraps an optional logger and optional hooks. */
export function createObserver(logger: Logger | undefined, hooks: DeliveryHooks | undefined, instrumentation?: Instrumentation): Observer {
  const log = (level: Level, message: string, meta?: LogMeta): void => {
    const fn = logger?.[level];
    if (!fn) return;
    try {
      fn(`[discord-webhook-dispatcher] ${redact(message)}`, meta === undefined ? undefined : (scrub(meta, 0) as LogMeta));
    } catch {
      // A broken logger must not break delivery, and there is nowhere left to report it.
    }
  };
  return {
    log,
    hook(name, event) {
      const fn = hooks?.[name] as ((e: typeof event) => void) | undefined;
      if (!fn) return;
      try {
        fn.call(hooks, event);
      } catch (error) {
        log("error", `hook ${name} threw`, { error: redact(error instanceof Error ? error.message : String(error)) });
      }
    },
    deliveryStart: (info) => {
      if (instrumentation?.deliveryStart === undefined) return undefined;
      const handle = guard(() => instrumentation.deliveryStart?.(info));
      return handle && { traceparent: handle.traceparent, end: (report) => guard(() => { handle.end(report); }) };
    },
    attemptStart: (info) => {
      const handle = guard(() => instrumentation?.attemptStart?.(info));
      return handle && { end: (result) => guard(() => { handle.end(result); }) };
    },
  };
  /** Runs an instrumentation call; what it throws is logged, never passed on. */
  function guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (error) {
      log("error", "instrumentation threw", { error: redact(error instanceof Error ? error.message : String(error)) });
      return undefined;
    }
  }
}

/** A copy of plain data with every string redacted (errors and class instances are passed as they are). */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redact(value);
  if (depth > 4 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

/** The counters behind `stats()`, and the warning when Discord's invalid-request ban comes near. */
export function createCounters(observer: Observer): {
  counts: Pick<DispatcherStats, "requests" | "rateLimited" | "messagesDelivered" | "deliveriesFailed">;
  learned: (learned: Learned, outcome: Outcome, method: HttpMethod) => void;
} {
  const counts = { requests: 0, rateLimited: 0, messagesDelivered: 0, deliveriesFailed: 0 };
  const half = INVALID_ANSWER_LIMIT / 2;
  let warned = false;
  return {
    counts,
    learned(learned, outcome, method) {
      counts.requests += 1;
      if (outcome.kind === "rate-limited") counts.rateLimited += 1;
      if (outcome.kind === "ok" && method === "POST") counts.messagesDelivered += 1;
      // Once per crossing: warn again only after the count fell below half and rose again.
      if (learned.invalidAnswers >= half && !warned) {
        observer.log("warn", `${learned.invalidAnswers} invalid answers (401/403/429) from Discord in 10 minutes: Discord bans the IP at ${INVALID_ANSWER_LIMIT}`, { invalidAnswers: learned.invalidAnswers });
      }
      warned = learned.invalidAnswers >= half;
    },
  };
}
