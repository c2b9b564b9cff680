/** Durable-mode options checked without a server: what needs a durable queue, and `wait: false` in process. */
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { ConfigError, createDispatcher, ValidationError } from "../../src/index.js";
import { redisQueue } from "../../src/redis/index.js";
import { captureTransport } from "../../src/testing/index.js";

const URL = `https://discord.com/api/v10/webhooks/123456789012345678/${"madeUpToken_".repeat(6).slice(0, 68)}`;
const store = () => memoryStore([{ id: "w", name: "hook", webhookUrl: URL, type: "CUSTOM", scope: "ADMIN" }]);

describe("durable-mode options", () => {
  it("worker: false needs a durable queue: with the in-process one nothing would ever send", () => {
    expect(() => createDispatcher({ store: store(), transport: captureTransport(), worker: false })).toThrow(ConfigError);
  });

  it("{ wait: false } in process resolves queued at once, and flush() still waits for the send", async () => {
    const transport = captureTransport();
    const dispatcher = createDispatcher({ store: store(), transport });
    const result = await dispatcher.dispatch("CUSTOM", { title: "soon" }, { wait: false });
    expect(result).toMatchObject({ success: true, matched: 1, sent: 0, failed: 0 });
    expect(result.deliveries.map((d) => d.status)).toEqual(["queued"]);
    await dispatcher.flush();
    expect(transport.messages).toHaveLength(1);
    await dispatcher.close();
  });

  it("idempotencyKey: 1-200 characters or a ValidationError; the in-process queue (no uncertain pushes) ignores it", async () => {
    const transport = captureTransport();
    const dispatcher = createDispatcher({ store: store(), transport });
    for (const idempotencyKey of ["", "k".repeat(201), 42]) {
      await expect(dispatcher.dispatch("CUSTOM", { title: "x" }, { idempotencyKey } as never)).rejects.toBeInstanceOf(ValidationError);
    }
    expect((await dispatcher.dispatch("CUSTOM", { title: "a" }, { idempotencyKey: "k".repeat(200) })).sent).toBe(1);
    expect((await dispatcher.dispatch("CUSTOM", { title: "b" }, { idempotencyKey: "k".repeat(200) })).sent).toBe(1);
    expect(transport.messages).toHaveLength(2);
    await dispatcher.close();
  });

  it("rejects a bad prefix or a lease shorter than a second before connecting anywhere", () => {
    expect(() => redisQueue({ connection: "redis://127.0.0.1:1", prefix: "a:b" })).toThrow(ConfigError);
    expect(() => redisQueue({ connection: "redis://127.0.0.1:1", leaseMs: 10 })).toThrow(ConfigError);
  });
});
