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

/** A server that answers 200 with headers and the first half of a JSON body, then `rest` (hang or cut the socket). */
async function halfAnswer(rest: "hang" | "cut"): Promise<{ apiBaseUrl: string; closed: Promise<void>; close: () => Promise<void> }> {
  const { createServer: createHttpServer } = await import("node:http");
  let closedResolve: () => void = () => undefined;
  const closed = new Promise<void>((r) => {
    closedResolve = r;
  });
  const server = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-length": "40" });
    res.write('{"id":"1234567890123');
    req.socket.on("close", closedResolve);
    if (rest === "cut") setTimeout(() => req.socket.destroy(), 20);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 1;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}/api/v10`,
    closed,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe.each(HTTP_PATHS)("fetchTransport: an answer cut short (%s)", (path) => {
  const url = `https://discord.com/api/v10/webhooks/120000000000000001/${"h".repeat(68)}`;

  it("a connection closed halfway through the body rejects with TRANSPORT, token-free", async () => {
    const server = await halfAnswer("cut");
    try {
      const error = await expectTransportError(fetchTransportVia(path, { apiBaseUrl: server.apiBaseUrl, timeoutMs: 5000 }).send({ url, body: { content: "x" } }));
      expect(error.code).toBe("TRANSPORT");
      expect(everythingIn(error)).not.toContain("h".repeat(68));
    } finally {
      await server.close();
    }
  });

  it("the caller's abort and the timeout end a body that stops coming, and close the connection", async () => {
    const server = await halfAnswer("hang");
    try {
      const controller = new AbortController();
      const sending = fetchTransportVia(path, { apiBaseUrl: server.apiBaseUrl, timeoutMs: 5000 }).send({ url, body: { content: "x" }, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const aborted = await expectTransportError(sending);
      expect(aborted.code).toBe("TRANSPORT");
      expect(aborted.message).toContain("aborted");
      await server.closed;
      const late = await expectTransportError(fetchTransportVia(path, { apiBaseUrl: server.apiBaseUrl, timeoutMs: 100 }).send({ url, body: { content: "x" } }));
      expect(late.code).toBe("TIMEOUT");
    } finally {
      await server.close();
    }
  });
});
