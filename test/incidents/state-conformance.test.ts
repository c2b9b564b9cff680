/** The in-process incident state passes the incident-state port's conformance suite (Redis runs the same suite). */
import { describe, expect, it } from "vitest";
import { memoryIncidentState } from "../../src/incidents/memory.js";
import { runIncidentStateConformance, sampleIncidentRecord } from "../../src/testing/index.js";

runIncidentStateConformance({
  name: "memory",
  factory: () => {
    const state = memoryIncidentState();
    return { state, peer: state };
  },
  harness: { describe, it },
});

describe("memoryIncidentState", () => {
  it("drops expired records that are never read again, so distinct keys do not pile up", async () => {
    let now = 0;
    const state = memoryIncidentState({ now: () => now });
    for (let i = 0; i < 999; i++) await state.put("wh", `k${String(i)}`, sampleIncidentRecord(1), undefined, 10);
    expect(state.size()).toBe(999);
    now = 11;
    await state.put("wh", "last", sampleIncidentRecord(1), undefined, 10);
    expect(state.size()).toBe(1);
  });
});
