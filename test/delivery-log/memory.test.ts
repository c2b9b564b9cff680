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

  it("refuses bad retention with a ValidationError", () => {
    expect(() => memoryDeliveryLog({ maxPerWebhook: 0 })).toThrow(/maxPerWebhook/);
  });
});
