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

  it("keeps a record apart from what was put and what was read, its embed included", async () => {
    const state = memoryIncidentState();
    const embed = { title: "mc-1 crashed", fields: [{ name: "Node", value: "node-3" }] };
    await state.put("wh", "k", sampleIncidentRecord(1, { embed }), undefined, 60_000);
    embed.fields[0]!.value = "changed by the caller";
    const read = await state.get("wh", "k");
    expect(read?.embed?.fields?.[0]?.value).toBe("node-3");
    (read?.embed?.fields?.[0] as { value: string }).value = "changed by a reader";
    expect((await state.get("wh", "k"))?.embed?.fields?.[0]?.value).toBe("node-3");
  });

  it("finds problems whose webhook id and key would run together in one string", async () => {
    const state = memoryIncidentState();
    await state.put("wh1", "2:k", sampleIncidentRecord(1, { count: 1, remindAt: 5 }), undefined, 60_000);
    await state.put("wh12", ":k", sampleIncidentRecord(1, { count: 2, remindAt: 6 }), undefined, 60_000);
    expect((await state.get("wh1", "2:k"))?.count).toBe(1);
    expect((await state.get("wh12", ":k"))?.count).toBe(2);
    expect(await state.due(10, 10)).toEqual([{ webhookId: "wh1", key: "2:k" }, { webhookId: "wh12", key: ":k" }]);
  });
});
