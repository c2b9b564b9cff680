import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchTransportVia, HTTP_PATHS } from "./helpers.js";

/** A server that answers 200 `{}` and keeps what each request named: its request line's target and its headers. */
const seen: { url: string; headers: IncomingHttpHeaders; port: number | undefined }[] = [];
const server = createServer((req, res) => {
  seen.push({ url: req.url ?? "", headers: req.headers, port: req.socket.remotePort });
  req.resume();
  res.writeHead(200, { "content-type": "application/json" }).end("{}");
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const TOKEN = "k".repeat(68);
const hook = `https://discord.com/api/v10/webhooks/120000000000000001/${TOKEN}`;

describe.each(HTTP_PATHS)("fetchTransport: where a request goes (%s)", (path) => {
  it("sends the path and query as given, to the API base's host and port, with its Host header, kept alive on Node", async () => {
    seen.length = 0;
    const transport = fetchTransportVia(path, { apiBaseUrl: `http://127.0.0.1:${port}/api/v10` });
    await transport.send({ url: `${hook}?wait=true&thread_id=120000000000000009`, body: { content: "x" } });
    await transport.send({ url: `${hook}/messages/120000000000000002?with_components=true`, method: "PATCH", body: { content: "y" } });
    expect(seen.map((s) => s.url)).toEqual([`/api/v10/webhooks/120000000000000001/${TOKEN}?wait=true&thread_id=120000000000000009`, `/api/v10/webhooks/120000000000000001/${TOKEN}/messages/120000000000000002?with_components=true`]);
    for (const s of seen) expect(s.headers.host).toBe(`127.0.0.1:${port}`);
    // Kept alive on Node (the transport's own agent): the second request came over the first one's connection.
    // With `fetch`, connections are the runtime's to pool.
    if (path === "node:http") {
      expect(seen[0]?.headers.connection).toBe("keep-alive");
      expect(seen[1]?.port).toBe(seen[0]?.port);
    }
  });

  it("a URL with dot segments, spaces or a fragment is read as a URL reads it (resolved, encoded, fragment dropped)", async () => {
    seen.length = 0;
    const transport = fetchTransportVia(path, { apiBaseUrl: `http://127.0.0.1:${port}/api/v10` });
    await transport.send({ url: `${hook}/../other?wait=true`, body: { content: "x" } });
    await transport.send({ url: `${hook}/messages/1 2#part`, method: "GET" });
    expect(seen.map((s) => s.url)).toEqual(["/api/v10/webhooks/120000000000000001/other?wait=true", `/api/v10/webhooks/120000000000000001/${TOKEN}/messages/1%202`]);
  });
});

describe("fetchTransport on Node: a URL with credentials", () => {
  it("sends them as Basic authorization, as node does for a URL with user info", async () => {
    seen.length = 0;
    await fetchTransportVia("node:http").send({ url: `http://proxy-user:p%40ss@127.0.0.1:${port}/hooks/1`, body: { content: "x" } });
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from("proxy-user:p@ss").toString("base64")}`);
    expect(seen[0]?.url).toBe("/hooks/1");
  });
});
