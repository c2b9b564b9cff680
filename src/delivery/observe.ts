/**
 * Logger and hooks behind one safe facade: a throwing hook or logger is caught (and logged) so observability can
 * never break delivery. Every string in log metadata passes through `redact` on its way out, as a last guard.
 */
import { redact } from "../discord/redact.js";
import type { DeliveryHooks, LogMeta, Logger } from "./types.js";

type Level = "debug" | "info" | "warn" | "error";

/** The facade the engine talks to. */
export interface Observer {
  log(level: Level, message: string, meta?: LogMeta): void;
  hook<K extends keyof DeliveryHooks>(name: K, event: Parameters<NonNullable<DeliveryHooks[K]>>[0]): void;
}

/** Wraps an optional logger and optional hooks. */
export function createObserver(logger: Logger | undefined, hooks: DeliveryHooks | undefined): Observer {
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
  };
}

/** A copy of plain data with every string redacted (errors and class instances are passed as they are). */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redact(value);
  if (depth > 4 || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}
