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

  it("refuses bad retention with a ValidationError", () => {
    expect(() => memoryDeliveryLog({ maxPerWebhook: 0 })).toThrow(/maxPerWebhook/);
  });
});
