/** The reminder cases of the incident-state conformance suite (`due`). */
import assert from "node:assert/strict";
import type { IncidentState } from "../../incidents/port.js";
import type { ConformanceHarness } from "../conformance/types.js";
import { HOUR, sampleIncidentRecord, until, WEBHOOK } from "./incident-samples.js";

/** Registers them with the suite's `it` and `using` (a fresh state and a peer handle). */
export function reminderCases(it: ConformanceHarness["it"], using: (fn: (s: IncidentState, peer: IncidentState) => Promise<void>) => Promise<void>): void {
    it("due lists the problems whose reminder has come, earliest first, up to the limit, as every handle sees them", () =>
      using(async (s, peer) => {
        assert.deepEqual(await s.due(10_000, 10), []);
        await s.put(WEBHOOK, "late", sampleIncidentRecord(1, { remindAt: 9_000 }), undefined, HOUR);
        await peer.put(WEBHOOK, "early", sampleIncidentRecord(1, { remindAt: 5_000 }), undefined, HOUR);
        await s.put("wh-incident-2", "early", sampleIncidentRecord(1, { remindAt: 7_000 }), undefined, HOUR);
        await s.put(WEBHOOK, "never", sampleIncidentRecord(1), undefined, HOUR);
        await s.put(WEBHOOK, "later", sampleIncidentRecord(1, { remindAt: 20_000 }), undefined, HOUR);
        const all = [{ webhookId: WEBHOOK, key: "early" }, { webhookId: "wh-incident-2", key: "early" }, { webhookId: WEBHOOK, key: "late" }];
        assert.deepEqual(await peer.due(10_000, 10), all);
        assert.deepEqual(await s.due(10_000, 2), all.slice(0, 2));
        assert.deepEqual(await s.due(4_999, 10), []);
        // A write without remindAt (resolved) takes it out; a later remindAt moves it.
        await s.put(WEBHOOK, "early", sampleIncidentRecord(2, { status: "resolved" }), 1, HOUR);
        await peer.put(WEBHOOK, "late", sampleIncidentRecord(2, { remindAt: 15_000 }), 1, HOUR);
        assert.deepEqual(await s.due(10_000, 10), [{ webhookId: "wh-incident-2", key: "early" }]);
        assert.deepEqual((await s.due(30_000, 10)).map((p) => p.key), ["early", "late", "later"]);
      }));

    it("a problem whose time to live has passed is not due, and does not take the place of one that is", () =>
      using(async (s) => {
        await s.put(WEBHOOK, "short", sampleIncidentRecord(1, { remindAt: 1_000 }), undefined, 30);
        await until(async () => (await s.get(WEBHOOK, "short")) === undefined, "the record to expire");
        assert.deepEqual(await s.due(10_000, 10), []);
        await s.put(WEBHOOK, "gone", sampleIncidentRecord(1, { remindAt: 1_000 }), undefined, 30);
        await s.put(WEBHOOK, "open", sampleIncidentRecord(1, { remindAt: 2_000 }), undefined, HOUR);
        await until(async () => (await s.get(WEBHOOK, "gone")) === undefined, "the record to expire");
        assert.deepEqual(await s.due(10_000, 1), [{ webhookId: WEBHOOK, key: "open" }]);
      }));
}
