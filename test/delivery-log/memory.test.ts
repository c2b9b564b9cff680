import { beforeEach, describe, expect, it } from "vitest";
import { memoryDeliveryLog } from "../../src/delivery-log/index.js";
import type { DeliveryLog } from "../../src/delivery-log/index.js";
import { runDeliveryLogConformance, sampleEntry } from "../../src/testing/index.js";

let current: DeliveryLog | undefined;
runDeliveryLogConformance({
  name: "memory",
  harness: { describe, it, beforeEach },
  reset: () => {
    current = undefined;
  },
  factory: (retention) => (current = memoryDeliveryLog(retention)),
  readRaw: async (id) => (current ? await current.get(id) : null),
});

describe("memoryDeliveryLog specifics", () => {
  it("forgets the webhook written longest ago past maxWebhooks", async () => {
    const log = memoryDeliveryLog({ maxWebhooks: 2 });
    await log.append([sampleEntry("a"), sampleEntry("b"), sampleEntry("c")]);
    expect(await log.list("a")).toEqual([]);
    expect(await log.list("c")).toHaveLength(1);
  });

  it("places an entry that arrives late by its id, and keeps none older than a full ring's oldest", async () => {
    const log = memoryDeliveryLog({ maxPerWebhook: 3 });
    const [e40, e30, e20, e10, e5] = [40, 30, 20, 10, 5].map((m) => sampleEntry("wh", {}, m));
    if (!e40 || !e30 || !e20 || !e10 || !e5) throw new Error("entries");
    await log.append([e30, e10]);
    await log.append([e20]); // between the two
    expect((await log.list("wh")).map((e) => e.id)).toEqual([e10.id, e20.id, e30.id]);
    await log.append([e40]); // older than every kept entry of a full ring: not kept
    expect((await log.list("wh")).map((e) => e.id)).toEqual([e10.id, e20.id, e30.id]);
    expect(await log.get(e40.id)).toBeNull();
    await log.append([e5]); // the newest pushes the oldest out
    expect((await log.list("wh")).map((e) => e.id)).toEqual([e5.id, e10.id, e20.id]);
    expect(await log.get(e30.id)).toBeNull();
    expect((await log.get(e20.id))?.id).toBe(e20.id);
  });

  it("keeps the newest of a batch written at once, per webhook, and finds by id only what it keeps", async () => {
    const log = memoryDeliveryLog({ maxPerWebhook: 3 });
    const [e90, e80, e70, e50, e30, e10] = [90, 80, 70, 50, 30, 10].map((m) => sampleEntry("wh", {}, m));
    const other = sampleEntry("other", {}, 60);
    if (!e90 || !e80 || !e70 || !e50 || !e30 || !e10) throw new Error("entries");
    await log.append([e90, e80]);
    await log.append([e50, e70, other, e10, e30]); // out of order, two webhooks, more than a ring holds
    expect((await log.list("wh")).map((e) => e.id)).toEqual([e10.id, e30.id, e50.id]);
    expect((await log.list("other")).map((e) => e.id)).toEqual([other.id]);
    for (const gone of [e90, e80, e70]) expect(await log.get(gone.id)).toBeNull();
    for (const kept of [e10, e30, e50, other]) expect((await log.get(kept.id))?.id).toBe(kept.id);
  });

  it("refuses bad retention with a ValidationError", () => {
    expect(() => memoryDeliveryLog({ maxPerWebhook: 0 })).toThrow(/maxPerWebhook/);
  });
});
