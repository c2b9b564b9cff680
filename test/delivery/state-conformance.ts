/**
 * The delivery state port's conformance suite (src/testing/ports/delivery-state.ts, exported from `/testing`) bound
 * to vitest: `describeDeliveryState("memory", () => memoryQueue())`.
 */
import { describe, it } from "vitest";
import type { DeliveryState } from "../../src/delivery/state.js";
import { runDeliveryStateConformance, sampleJobs } from "../../src/testing/ports/delivery-state.js";
import { runOutcomesConformance } from "../../src/testing/ports/outcomes.js";

/** `n` jobs of one new delivery for `laneId`. */
export const jobs = sampleJobs;

/**
 * Runs the port's contracts (queue, leases and limits; outcomes) against `make()` (a fresh, empty state per test);
 * `pair` (a shared state): a fresh state and a second handle onto it, for the outcome case across processes.
 */
export function describeDeliveryState(name: string, make: () => DeliveryState | Promise<DeliveryState>, pair?: () => Promise<readonly [DeliveryState, DeliveryState]>): void {
  runDeliveryStateConformance({ name, factory: make, harness: { describe, it } });
  runOutcomesConformance({ name, factory: make, ...(pair && { pair }), harness: { describe, it } });
}
