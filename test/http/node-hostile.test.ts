import { createServer, METHODS, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toNodeHandler } from "../../src/http/index.js";
import { alice } from "../webhooks/fixtures.js";
import { createHarness, type Harness } from "./harness.js";
import { rawExchange, requestBytes } from "./raw-socket.js";

// A plain `http.createServer(toNodeHandler(...))`, fed the exact bytes a hostile client sends. Before the fix, a
// TRACE or an invalid absolute-form host threw inside the `request` listener: no answer, and the process died.
let h: Harness;
let server: Server;
let port: number;
const listenerErrors: unknown[] = [];

const AUTH = [`x-user-id: ${alice.userId ?? ""}`];
const CLOSE = [...AUTH, "connection: close"];

beforeAll(async () => {
  // The routes keep their default 10 s body bound here: the bridge's own 300 ms bound is what these tests see.
  h = await createHarness();
  const bridge = toNodeHandler(h.handler, { bodyTimeoutMs: 300 });
  server = createServer((req, res) => {
    try {
      bridge(req, res);
    } catch (error) {
      // Would have been an uncaught exception in a real server; recorded so the test can say so.
      listenerErrors.push(error);
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
  expect(listenerErrors).toEqual([]);
});

describe("toNodeHandler: every request line Node accepts gets an HTTP answer", () => {
  it.each([
    ["TRACE /api/webhooks HTTP/1.1", 405],
    // Node's own parser refuses TRACK with a 400 before any listener runs: answered all the same.
    ["TRACK /api/webhooks HTTP/1.1", 400],
    ["GET http://%zz/api/webhooks HTTP/1.1", 400],
    ["POST http://%zz/api/webhooks HTTP/1.1", 400],
    ["GET //%zz/api/webhooks HTTP/1.1", 400],
    ["GET http://[::1/api/webhooks HTTP/1.1", 400],
  ])("%s -> %i", async (line, status) => {
    const { statuses, text } = await rawExchange(port, requestBytes(line, CLOSE));
    expect(statuses).toEqual([status]);
    if (!line.startsWith("TRACK")) expect(text).toMatch(/content-type: application\/json/i);
    expect(listenerErrors).toEqual([]);
  });

  it("every method Node knows (but CONNECT, which never reaches `request`) gets an answer, also with an invalid host", async () => {
    for (const method of METHODS.filter((m) => m !== "CONNECT")) {
      for (const target of ["/api/webhooks", "http://%zz/api/webhooks"]) {
        const { statuses } = await rawExchange(port, requestBytes(`${method} ${target} HTTP/1.1`, CLOSE));
        expect(statuses, `${method} ${target}`).toHaveLength(1);
        expect(statuses[0], `${method} ${target}`).toBeGreaterThanOrEqual(200);
        expect(statuses[0], `${method} ${target}`).toBeLessThan(500);
      }
    }
    expect(listenerErrors).toEqual([]);
  });

  it("answers TRACE with Allow, and a foreign absolute-form host lands on the fixed origin", async () => {
    const trace = await rawExchange(port, requestBytes("TRACE /api/webhooks HTTP/1.1", CLOSE));
    expect(trace.text).toMatch(/^allow: GET, POST, PATCH, DELETE\r$/im);
    const foreign = await rawExchange(port, requestBytes("GET http://evil.example/ HTTP/1.1", CLOSE));
    // The routes live under /api/webhooks on the fixed origin; "/" is simply not one of them.
    expect(foreign.statuses).toEqual([404]);
  });

  it("hostile requests pipelined after a normal GET on a kept-alive connection are each answered", async () => {
    const bytes = [
      requestBytes("GET /api/webhooks HTTP/1.1", AUTH),
      requestBytes("TRACE /api/webhooks HTTP/1.1", AUTH),
      requestBytes("GET http://%zz/api/webhooks HTTP/1.1", AUTH),
      requestBytes("GET /api/webhooks HTTP/1.1", CLOSE),
    ].join("");
    const { statuses } = await rawExchange(port, bytes);
    expect(statuses).toEqual([200, 405, 400, 200]);
  });

  it("a body sent with a GET is never parsed as the next request: the connection closes after the answer", async () => {
    const smuggled = requestBytes("TRACE /api/webhooks HTTP/1.1", AUTH);
    const head = requestBytes("GET /api/webhooks HTTP/1.1", [...AUTH, `content-length: ${smuggled.length}`]);
    const { statuses, closed } = await rawExchange(port, head + smuggled);
    expect(statuses).toEqual([200]);
    expect(closed).toBe(true);
  });

  it("CONNECT never reaches the handler and leaves the server serving", async () => {
    // Node hands CONNECT to the server's `connect` event, not `request`; without a listener it drops the socket.
    const connectTry = await rawExchange(port, requestBytes("CONNECT 127.0.0.1:1 HTTP/1.1", AUTH));
    expect(connectTry.closed).toBe(true);
    const after = await rawExchange(port, requestBytes("GET /api/webhooks HTTP/1.1", CLOSE));
    expect(after.statuses).toEqual([200]);
  });

  it("a body that stalls gets 408 within the bound instead of Node's 300 s", async () => {
    const started = Date.now();
    const head = requestBytes("POST /api/webhooks HTTP/1.1", [...AUTH, "content-type: application/json", "content-length: 200"]);
    const { statuses, text, closed } = await rawExchange(port, `${head}{"name":`, 3000);
    expect(statuses).toEqual([408]);
    expect(text).toContain("REQUEST_TIMEOUT");
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(2900);
    // The server is still fine afterwards.
    expect((await rawExchange(port, requestBytes("GET /api/webhooks HTTP/1.1", CLOSE))).statuses).toEqual([200]);
  });
});
