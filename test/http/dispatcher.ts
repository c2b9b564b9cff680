import { createDispatcher } from "../../src/dispatcher/index.js";
import type { Transport, WebhookStore } from "../../src/types.js";

/** The real dispatcher, with fast retries so failure cases stay quick; every log line goes to `logs`. */
export function makeDispatcher(store: WebhookStore, transport: Transport, logs: string[]) {
  const log = (level: string) => (message: string, meta?: unknown) => {
    logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  };
  return createDispatcher({
    store,
    transport,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    logger: { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") },
  });
}
