import { ConfigError } from "../../errors.js";
import type { FakeFault, FaultHandle, InjectOptions } from "./types.js";

interface Entry {
  target: string;
  fault: FakeFault;
  remaining: number;
  hits: number;
}

/** The injected faults, matched in injection order. */
export interface FaultRegistry {
  add(target: string, fault: FakeFault, options?: InjectOptions): FaultHandle;
  /** The fault that hits a request to `webhookId` (counting the hit), or `null`. */
  take(webhookId: string): FakeFault | null;
  clear(): void;
}

/** A fresh, empty registry. */
export function faultRegistry(): FaultRegistry {
  let entries: Entry[] = [];
  return {
    add(target, fault, options = {}) {
      checkFault(target, fault, options);
      const entry: Entry = { target, fault: { ...fault }, remaining: options.times ?? Infinity, hits: 0 };
      entries.push(entry);
      return {
        get hits() {
          return entry.hits;
        },
        remove() {
          entries = entries.filter((e) => e !== entry);
        },
      };
    },
    take(webhookId) {
      const entry = entries.find((e) => e.target === "*" || e.target === webhookId);
      if (!entry) return null;
      entry.hits += 1;
      entry.remaining -= 1;
      if (entry.remaining <= 0) entries = entries.filter((e) => e !== entry);
      return entry.fault;
    },
    clear() {
      entries = [];
    },
  };
}

function checkFault(target: string, fault: FakeFault, options: InjectOptions): void {
  if (typeof target !== "string" || target.length === 0) throw new ConfigError("Fault target must be a webhook id or \"*\".");
  const times = options.times;
  if (times !== undefined && !(Number.isInteger(times) && times > 0)) {
    throw new ConfigError("Fault `times` must be a positive integer.");
  }
  if (fault.kind === "delay" && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new ConfigError("A delay fault needs `ms` >= 0.");
  }
  if ((fault.kind === undefined || fault.kind === "status") && !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)) {
    throw new ConfigError("A status fault needs an integer `status` between 200 and 599.");
  }
}
