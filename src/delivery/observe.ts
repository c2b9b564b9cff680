/**
 * Logger and hooks behind one safe facade: a throwing hook or logger is caught (and logged) so observability can
 * never break delivery. Everything passed here is token-free by construction (URLs are masked before).
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
      fn(`[discord-webhook-dispatcher] ${message}`, meta);
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
