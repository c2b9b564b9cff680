import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, DeliveryRefusedError } from "../../src/index.js";
import { captureTransport } from "../../src/testing/index.js";

const url = (n: number) => `https://discord.com/api/v10/webhooks/12345678901234567${n}/${"t".repeat(68)}`;

describe("result semantics (captureTransport)", () => {
  it("matched counts the webhooks an event was routed to, so success with nothing sent is not ambiguous", async () => {
    const transport = captureTransport();
    const store = memoryStore([
      { name: "a", webhookUrl: url(1), type: "CUSTOM", scope: "ADMIN" },
      { name: "b", webhookUrl: url(2), type: "CUSTOM", scope: "PUBLIC" },
    ]);
    const dispatcher = createDispatcher({ store, transport });
    expect(await dispatcher.custom({ title: "x" })).toMatchObject({ success: true, matched: 2, sent: 2, failed: 0 });
    expect(await dispatcher.systemAlert({ title: "nobody", severity: "info", message: "m" })).toMatchObject({ success: true, matched: 0, sent: 0, failed: 0, deliveries: [] });
    await dispatcher.close();
  });

  it("after close(), event methods, test() and verify() all resolve with CLOSED failures and send nothing", async () => {
    const transport = captureTransport();
    const store = memoryStore([{ name: "a", webhookUrl: url(1), type: "CUSTOM", scope: "ADMIN" }]);
    const dispatcher = createDispatcher({ store, transport });
    await dispatcher.close();
    const id = (await store.listWebhooks())[0]!.id;
    const result = await dispatcher.custom({ title: "late" });
    expect(result).toMatchObject({ success: false, matched: 1, sent: 0, failed: 1 });
    expect(result.errors[0]?.error).toBeInstanceOf(DeliveryRefusedError);
    expect(result.errors[0]?.error.code).toBe("CLOSED");
    const tested = await dispatcher.test(id);
    const verified = await dispatcher.verify(id);
    expect([tested.ok, tested.error?.code, verified.ok, verified.error?.code]).toEqual([false, "CLOSED", false, "CLOSED"]);
    expect(transport.requests).toHaveLength(0);
  });
});
