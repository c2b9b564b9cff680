/** The in-process incident state passes the incident-state port's conformance suite (Redis runs the same suite). */
import { describe, it } from "vitest";
import { memoryIncidentState } from "../../src/incidents/memory.js";
import { runIncidentStateConformance } from "../../src/testing/index.js";

runIncidentStateConformance({
  name: "memory",
  factory: () => {
    const state = memoryIncidentState();
    return { state, peer: state };
  },
  harness: { describe, it },
});
