/**
 * `{ tx }` on an event call without a server: refused with a typed error, and the host's client never touched, when
 * the queue has no outbox (in-process) or the call cannot work. The outbox itself is tested on a real PostgreSQL
 * (test/servers/postgres/outbox.test.ts).
 */
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { ConfigError, createDispatcher, ValidationError } from "../../src/index.js";
import { captureTransport } from "../../src/testing/index.js";

const store = memoryStore([{ id: "w1", name: "ops", webhookUrl: `https://discord.com/api/webhooks/123456789012345678/${"t".repeat(68)}`, type: "CUSTOM", scope: "ADMIN" }]);

describe("{ tx } without an outbox", () => {
  it("rejects with a ConfigError naming postgresQueue(), sends nothing and never uses the client", async () => {
    const transport = captureTransport();
    const dispatcher = createDispatcher({ store, transport });
    const statements: string[] = [];
    const tx = { query: (text: string) => Promise.resolve(statements.push(text)) };
    await expect(dispatcher.dispatch("CUSTOM", { title: "paid" }, { tx, wait: false })).rejects.toThrow(ConfigError);
    await expect(dispatcher.serverStateChange({ serverName: "mc-1", state: "crashed" }, { tx })).rejects.toThrow(/postgresQueue\(\)/);
    await dispatcher.close();
    expect(statements).toEqual([]);
    expect(transport.requests).toHaveLength(0);
  });

  it("refuses wait: true beside tx, and a tx that is no database client, with a ValidationError on that path", async () => {
    const dispatcher = createDispatcher({ store, transport: captureTransport() });
    const tx = { $executeRawUnsafe: () => Promise.resolve(1) };
    const waited = await dispatcher.dispatch("CUSTOM", { title: "x" }, { tx, wait: true }).catch((e: unknown) => e);
    expect(waited).toBeInstanceOf(ValidationError);
    expect((waited as ValidationError).issues).toEqual([expect.objectContaining({ path: "wait" })]);
    const bogus = await dispatcher.dispatch("CUSTOM", { title: "x" }, { tx: { begin: true } as never }).catch((e: unknown) => e);
    expect(bogus).toBeInstanceOf(ValidationError);
    expect((bogus as ValidationError).issues).toEqual([expect.objectContaining({ path: "tx" })]);
    await dispatcher.close();
  });
});
