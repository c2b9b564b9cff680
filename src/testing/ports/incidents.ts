/**
 * The incident-state port's conformance suite: what `IncidentState` promises (copies, compare-and-set, time to
 * live, silences that end on their own, sharing between handles). Harness-agnostic like `runStoreConformance`:
 * pass your runner's `describe` and `it`; checks use `node:assert`.
 */
import assert from "node:assert/strict";
import type { Silence } from "../../incidents/types.js";
import type { IncidentState } from "../../incidents/port.js";
import type { ConformanceHarness } from "../conformance/types.js";
import { reminderCases } from "./incident-reminders.js";
import { HOUR, sampleIncidentRecord, until, WEBHOOK } from "./incident-samples.js";

export { sampleIncidentRecord } from "./incident-samples.js";

/** Options of {@link runIncidentStateConformance}. */
export interface IncidentStateConformanceOptions {
  name: string;
  /**
   * A fresh, empty state per test (its own namespace for a shared store), and a second handle onto the same state
   * (for Redis: another connection with the same prefix, as another process would have).
   */
  factory: () => Promise<{ state: IncidentState; peer: IncidentState }> | { state: IncidentState; peer: IncidentState };
  /** Called after each test with what `factory` gave (close connections). */
  dispose?: (made: { state: IncidentState; peer: IncidentState }) => Promise<void>;
  harness: Pick<ConformanceHarness, "describe" | "it">;
}

const silence = (id: string, endsAt: number, createdAt = Date.now()): Silence => ({ key: "server:mc-1", id, createdAt, endsAt });

/**
 * Registers the suite. Both incident states of this package pass it (memory and Redis); run it against your own.
 *
 * @example
 * ```ts
 * runIncidentStateConformance({ name: "memory", factory: () => { const s = memoryIncidentState(); return { state: s, peer: s }; }, harness: { describe, it } });
 * ```
 */
export function runIncidentStateConformance(options: IncidentStateConformanceOptions): void {
  const { describe, it } = options.harness;
  const using = async (fn: (s: IncidentState, peer: IncidentState) => Promise<void>): Promise<void> => {
    const made = await options.factory();
    try {
      await fn(made.state, made.peer);
    } finally {
      await options.dispose?.(made);
    }
  };

  describe(`incident-state port: ${options.name}`, () => {
    it("get is undefined for an unknown problem; a first put (expected undefined) stores an equal copy", () =>
      using(async (s) => {
        assert.equal(await s.get(WEBHOOK, "server:mc-1"), undefined);
        const record = sampleIncidentRecord(1, { threadId: "1300000000000000009" });
        assert.equal(await s.put(WEBHOOK, "server:mc-1", record, undefined, HOUR), true);
        record.count = 99;
        const read = await s.get(WEBHOOK, "server:mc-1");
        assert.deepEqual(read, sampleIncidentRecord(1, { threadId: "1300000000000000009" }));
        read.reopens.push(7);
        assert.deepEqual((await s.get(WEBHOOK, "server:mc-1"))?.reopens, [1_500]);
      }));

    it("a record's embed as read cannot change what is stored, nor can the caller's after the put", () =>
      using(async (s) => {
        const embed = () => ({ title: "mc-1 crashed", fields: [{ name: "Exit code", value: "137" }], footer: { text: "node-3" } });
        const given = embed();
        assert.equal(await s.put(WEBHOOK, "server:mc-1", sampleIncidentRecord(1, { embed: given }), undefined, HOUR), true);
        given.fields[0] = { name: "changed", value: "by the caller" };
        given.footer.text = "changed by the caller";
        const read = await s.get(WEBHOOK, "server:mc-1");
        assert.deepEqual(read?.embed, embed());
        read.embed.fields.push({ name: "changed", value: "by a reader" });
        read.embed.title = "changed by a reader";
        assert.deepEqual((await s.get(WEBHOOK, "server:mc-1"))?.embed, embed());
      }));

    it("keys are per webhook and per key", () =>
      using(async (s) => {
        await s.put(WEBHOOK, "k", sampleIncidentRecord(1), undefined, HOUR);
        assert.equal(await s.get("wh-incident-2", "k"), undefined);
        assert.equal(await s.get(WEBHOOK, "k2"), undefined);
        assert.equal(await s.put("wh-incident-2", "k", sampleIncidentRecord(1, { count: 5 }), undefined, HOUR), true);
        assert.equal((await s.get(WEBHOOK, "k"))?.count, 2);
      }));

    it("put is a compare-and-set on the version: a stale writer gets false and changes nothing", () =>
      using(async (s) => {
        await s.put(WEBHOOK, "k", sampleIncidentRecord(1), undefined, HOUR);
        assert.equal(await s.put(WEBHOOK, "k", sampleIncidentRecord(2, { count: 3 }), undefined, HOUR), false);
        assert.equal(await s.put(WEBHOOK, "k", sampleIncidentRecord(2, { count: 3 }), 7, HOUR), false);
        assert.equal(await s.put(WEBHOOK, "k", sampleIncidentRecord(2, { count: 3 }), 1, HOUR), true);
        assert.deepEqual(await s.get(WEBHOOK, "k"), sampleIncidentRecord(2, { count: 3 }));
      }));

    it("of two handles writing over the same version at once, exactly one wins", () =>
      using(async (s, peer) => {
        await s.put(WEBHOOK, "k", sampleIncidentRecord(1), undefined, HOUR);
        const results = await Promise.all([s.put(WEBHOOK, "k", sampleIncidentRecord(2, { count: 10 }), 1, HOUR), peer.put(WEBHOOK, "k", sampleIncidentRecord(2, { count: 20 }), 1, HOUR)]);
        assert.equal(results.filter(Boolean).length, 1);
        const won = results[0] ? 10 : 20;
        assert.equal((await peer.get(WEBHOOK, "k"))?.count, won);
        const firsts = await Promise.all([s.put(WEBHOOK, "new", sampleIncidentRecord(1), undefined, HOUR), peer.put(WEBHOOK, "new", sampleIncidentRecord(1), undefined, HOUR)]);
        assert.equal(firsts.filter(Boolean).length, 1);
      }));

    it("a record is gone once its time to live has passed since its last write, and may then be created again", () =>
      using(async (s) => {
        await s.put(WEBHOOK, "short", sampleIncidentRecord(1), undefined, 30);
        await until(async () => (await s.get(WEBHOOK, "short")) === undefined, "the record to expire");
        assert.equal(await s.put(WEBHOOK, "short", sampleIncidentRecord(1), undefined, HOUR), true);
      }));

    reminderCases(it, using);

    it("silences: listed oldest first, seen by every handle, removed once (true, then false)", () =>
      using(async (s, peer) => {
        const end = Date.now() + HOUR;
        await s.addSilence(silence("s1", end));
        await peer.addSilence(silence("s2", end, Date.now() + 1));
        assert.deepEqual((await s.silences()).map((x) => x.id), ["s1", "s2"]);
        assert.deepEqual(await peer.silences(), await s.silences());
        assert.equal(await peer.removeSilence("s1"), true);
        assert.equal(await s.removeSilence("s1"), false);
        assert.deepEqual((await s.silences()).map((x) => x.id), ["s2"]);
      }));

    it("a silence that has ended is not listed and cannot be removed", () =>
      using(async (s) => {
        await s.addSilence(silence("gone", Date.now() - 1));
        await s.addSilence(silence("soon", Date.now() + 40));
        assert.deepEqual((await s.silences()).map((x) => x.id).includes("gone"), false);
        assert.equal(await s.removeSilence("gone"), false);
        await until(async () => (await s.silences()).length === 0, "the silence to end");
      }));

    it("silences keep every field as given", () =>
      using(async (s) => {
        const given: Silence = { type: "GAME_SERVER", id: "s3", createdAt: 5, endsAt: Date.now() + HOUR };
        await s.addSilence(given);
        assert.deepEqual(await s.silences(), [given]);
      }));
  });
}
