import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { TransportError } from "../../src/index.js";
import { everythingIn, fetchTransportVia, HTTP_PATHS, useFetchTransportFake } from "./helpers.js";

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

describe.each(HTTP_PATHS)("fetchTransport: failures without an answer (%s)", (path) => {
  const ctx = useFetchTransportFake(path);

  it("rejects with TIMEOUT when no answer comes in time", async () => {
    ctx.fake.inject(ctx.hook.id, { kind: "hang" }, { times: 1 });
    const error = await expectTransportError(fetchTransportVia(path, { apiBaseUrl: ctx.fake.apiBaseUrl, timeoutMs: 150 }).send({ url: ctx.hook.url, body: { content: "x" } }));
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toMatch(/^\[discord-webhook-dispatcher\] \[POST\] ".*\/webhooks\/\d+\/\*\*\*": request timed out after 150 ms$/);
  });

  it("gives every call a fresh timeout", async () => {
    const quick = fetchTransportVia(path, { apiBaseUrl: ctx.fake.apiBaseUrl, timeoutMs: 150 });
    ctx.fake.inject(ctx.hook.id, { kind: "hang" }, { times: 1 });
    await expectTransportError(quick.send({ url: ctx.hook.url, body: { content: "x" } }));
    expect((await quick.send({ url: ctx.hook.url, body: { content: "y" } })).status).toBe(204);
  });

  it("rejects with TRANSPORT when the connection is reset or refused", async () => {
    ctx.fake.inject(ctx.hook.id, { kind: "reset" }, { times: 1 });
    const reset = await expectTransportError(ctx.transport.send({ url: ctx.hook.url, body: { content: "x" } }));
    expect(reset.code).toBe("TRANSPORT");
    const port = await closedPort();
    const refused = await expectTransportError(fetchTransportVia(path, { apiBaseUrl: `http://127.0.0.1:${port}/api/v10` }).send({ url: ctx.hook.url, body: { content: "x" } }));
    expect(refused.code).toBe("TRANSPORT");
    expect(everythingIn(refused)).toContain("ECONNREFUSED");
  });

  it("honours the caller's signal, before and during the request", async () => {
    const before = AbortSignal.abort();
    expect((await expectTransportError(ctx.transport.send({ url: ctx.hook.url, body: { content: "x" }, signal: before }))).code).toBe("TRANSPORT");
    expect(ctx.fake.requests()).toHaveLength(0);
    ctx.fake.inject(ctx.hook.id, { kind: "hang" }, { times: 1 });
    const controller = new AbortController();
    const sending = ctx.transport.send({ url: ctx.hook.url, body: { content: "x" }, signal: controller.signal });
    while (ctx.fake.requests().length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = await expectTransportError(sending);
    expect(error.code).toBe("TRANSPORT");
    expect(error.message).toContain("aborted");
  });

  it("keeps the token out of every error: message, url, stack and the whole cause chain", async () => {
    const failures: TransportError[] = [];
    ctx.fake.inject(ctx.hook.id, { kind: "reset" }, { times: 1 });
    failures.push(await expectTransportError(ctx.transport.send({ url: ctx.hook.url, body: { content: "x" } })));
    ctx.fake.inject(ctx.hook.id, { kind: "hang" }, { times: 1 });
    failures.push(await expectTransportError(fetchTransportVia(path, { apiBaseUrl: ctx.fake.apiBaseUrl, timeoutMs: 100 }).send({ url: ctx.hook.url, body: { content: "x" } })));
    const port = await closedPort();
    failures.push(await expectTransportError(fetchTransportVia(path, { apiBaseUrl: `http://127.0.0.1:${port}/api/v10` }).send({ method: "GET", url: ctx.hook.url })));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    failures.push(await expectTransportError(ctx.transport.send({ url: ctx.hook.url, body: cyclic })));
    for (const error of failures) {
      expect(error.url).toContain("/***");
      expect(error.cause).toBeDefined();
      const text = everythingIn(error);
      expect(text).toContain(ctx.hook.id);
      expect(text).not.toContain(ctx.hook.token);
    }
  });

});
