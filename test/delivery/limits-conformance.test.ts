/** The in-memory rate limiter passes the rate-limit port's conformance suite (the Redis one runs the same suite). */
import { describe, it } from "vitest";
import { memoryQueue } from "../../src/delivery/memory-state.js";
import { runLimitsConformance } from "../../src/testing/index.js";

runLimitsConformance({ name: "memory", factory: () => memoryQueue(), harness: { describe, it } });
