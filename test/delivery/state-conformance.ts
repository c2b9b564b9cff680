/**
 * The delivery state port's conformance suite (src/testing/ports/delivery-state.ts, exported from `/testing`) bound
 * to vitest: `describeDeliveryState("memory", () => memoryQueue())`.
 */
import { describe, it } from "vitest";
import type { DeliveryState } from "../../src/delivery/state.js";
import { runDeliveryStateConformance, sampleJobs } from "../../src/testing/ports/delivery-state.js";

/** `n` jobs of one new delivery for `laneId`. */
export const jobs = sampleJobs;

/** Runs the port's contract against `make()` (a fresh, empty state per test). */
export function describeDeliveryState(name: string, make: () => DeliveryState | Promise<DeliveryState>): void {
  runDeliveryStateConformance({ name, factory: make, harness: { describe, it } });
}
