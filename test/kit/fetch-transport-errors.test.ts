import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchTransport, TransportError, type Transport } from "../../src/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { everythingIn } from "./helpers.js";

async function expectTransportError(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

/** A port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => {
    server.listen(0, "127.0.0.1", r);
  });
  const address = server.address();
  await new Promise<void>((r) => {
    server.close(() => {
      r();
    });
  });
  return typeof address === "object" && address ? address.port : 1;
}

describe("fetchTransport: failures without an answer", () => {
  let fake: DiscordFake;
  let hook: FakeWebhook;
  let transport: Transport;
  beforeAll(async () => {
    fake = await createDiscordFake({ webhookRateLimit: { limit: 1000, windowMs: 60_000 }, globalRateLimit: false, channelRateLimit: false });
    transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    hook = fake.addWebhook();
  });

  it("rejects with TIMEOUT when no answer comes in time", async () => {
    fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    const error = await expectTransportError(fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 150 }).send({ url: hook.url, body: { content: "x" } }));
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toMatch(/^\[discord-webhook-dispatcher\] \[POST\] ".*\/webhooks\/\d+\/\*\*\*": request timed out after 150 ms$/);
  });

  it("gives every call a fresh timeout", async () => {
    const quick = fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 150 });
    fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    await expectTransportError(quick.send({ url: hook.url, body: { content: "x" } }));
    expect((await quick.send({ url: hook.url, body: { content: "y" } })).status).toBe(204);
  });

  it("rejects with TRANSPORT when the connection is reset or refused", async () => {
    fake.inject(hook.id, { kind: "reset" }, { times: 1 });
    const reset = await expectTransportError(transport.send({ url: hook.url, body: { content: "x" } }));
    expect(reset.code).toBe("TRANSPORT");
    const port = await closedPort();
    const refused = await expectTransportError(fetchTransport({ apiBaseUrl: `http://127.0.0.1:${port}/api/v10` }).send({ url: hook.url, body: { content: "x" } }));
    expect(refused.code).toBe("TRANSPORT");
    expect(everythingIn(refused)).toContain("ECONNREFUSED");
  });

  it("honours the caller's signal, before and during the request", async () => {
    const before = AbortSignal.abort();
    expect((await expectTransportError(transport.send({ url: hook.url, body: { content: "x" }, signal: before }))).code).toBe("TRANSPORT");
    expect(fake.requests()).toHaveLength(0);
    fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    const controller = new AbortController();
    const sending = transport.send({ url: hook.url, body: { content: "x" }, signal: controller.signal });
    while (fake.requests().length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await expectTransportError(sending);
    expect(error.code).toBe("TRANSPORT");
    expect(error.message).toContain("aborted");
  });

  it("keeps the token out of every error: message, url, stack and the whole cause chain", async () => {
    const failures: TransportError[] = [];
    fake.inject(hook.id, { kind: "reset" }, { times: 1 });
    failures.push(await expectTransportError(transport.send({ url: hook.url, body: { content: "x" } })));
    fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    failures.push(await expectTransportError(fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 100 }).send({ url: hook.url, body: { content: "x" } })));
    const port = await closedPort();
    failures.push(await expectTransportError(fetchTransport({ apiBaseUrl: `http://127.0.0.1:${port}/api/v10` }).send({ method: "GET", url: hook.url })));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    failures.push(await expectTransportError(transport.send({ url: hook.url, body: cyclic })));
    for (const error of failures) {
      expect(error.url).toContain("/***");
      expect(error.cause).toBeDefined();
      const text = everythingIn(error);
      expect(text).toContain(hook.id);
      expect(text).not.toContain(hook.token);
    }
  });

});
