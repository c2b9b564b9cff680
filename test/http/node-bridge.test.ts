import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toNodeHandler } from "../../src/http/index.js";
import { alice } from "../webhooks/fixtures.js";
import { as, createHarness, type Harness } from "./harness.js";

let h: Harness;
let server: Server;
let origin: string;

beforeAll(async () => {
  h = await createHarness({ maxBodyBytes: 2048 });
  const bridge = toNodeHandler(h.handler);
  server = createServer((req, res) => {
    // Express-style mounting: `req.url` loses the mount path, `req.originalUrl` keeps it.
    if (req.url?.startsWith("/api/webhooks")) {
      Object.assign(req, { originalUrl: req.url, url: req.url.slice("/api/webhooks".length) || "/" });
      bridge(req, res);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

describe("toNodeHandler", () => {
  it("serves the routes over a real Node server", async () => {
    const hook = h.fake.addWebhook();
    const created = await fetch(`${origin}/api/webhooks`, {
      method: "POST",
      headers: { ...as(alice), "content-type": "application/json" },
      body: JSON.stringify({ name: "Node", webhookUrl: hook.url, type: "VPS", scope: "USER" }),
    });
    expect(created.status).toBe(201);
    const { webhook } = (await created.json()) as { webhook: { id: string } };
    // Like `curl -X POST -H 'content-type: application/json'` with no data: no body.
    const tested = await new Promise<Response>((resolve, reject) => {
      const req = httpRequest(`${origin}/api/webhooks/${webhook.id}/test`, { method: "POST", headers: { ...as(alice), "content-type": "application/json" } }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString("utf8")));
        res.on("end", () => resolve(new Response(text, { status: res.statusCode ?? 0 })));
      });
      req.on("error", reject);
      req.end();
    });
    expect(tested.status).toBe(200);
    expect(await tested.json()).toMatchObject({ ok: true });
    const list = await fetch(`${origin}/api/webhooks?scope=USER`, { headers: as(alice) });
    expect(((await list.json()) as { webhooks: unknown[] }).webhooks).toHaveLength(1);
    expect(list.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 413 to a chunked upload without a length, and keeps serving", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${origin}/api/webhooks`, { method: "POST", headers: { ...as(alice), "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      // Keep writing until the server answers; it must not wait for (or buffer) the whole body.
      const chunk = " ".repeat(1024);
      let writes = 0;
      const pump = (): void => {
        while (writes < 200 && req.write(chunk)) writes += 1;
        if (writes < 200) req.once("drain", pump);
        else req.end();
      };
      pump();
    });
    expect(status).toBe(413);
    const after = await fetch(`${origin}/api/webhooks`, { headers: as(alice) });
    expect(after.status).toBe(200);
  });

  it("re-serialises a body that a parser already consumed", async () => {
    const hook = h.fake.addWebhook();
    const bridge = toNodeHandler(h.handler);
    const res = await new Promise<{ status: number; body: string }>((resolve) => {
      const srv = createServer((req, out) => {
        req.resume();
        req.on("end", () => {
          Object.assign(req, { body: { name: "Parsed", webhookUrl: hook.url, type: "VPS", scope: "USER" } });
          bridge(req, out);
        });
      });
      srv.listen(0, "127.0.0.1", () => {
        const port = (srv.address() as AddressInfo).port;
        fetch(`http://127.0.0.1:${port}/api/webhooks`, { method: "POST", headers: { ...as(alice), "content-type": "application/json" }, body: "ignored" })
          .then(async (r) => ({ status: r.status, body: await r.text() }))
          .then((v) => srv.close(() => { resolve(v); }));
      });
    });
    expect(res.status).toBe(201);
    expect(res.body).toContain("Parsed");
    expect(res.body).not.toContain(hook.token);
  });

  it("passes errors while writing the response to next", async () => {
    const seen: unknown[] = [];
    const bridge = toNodeHandler(() => Promise.reject(new Error("boom")));
    await new Promise<void>((resolve) => {
      const fakeRes = { headersSent: false, statusCode: 200, end: () => undefined };
      bridge({ method: "GET", url: "/", headers: {} } as never, fakeRes as never, (e) => {
        seen.push(e);
        resolve();
      });
    });
    expect(seen).toHaveLength(1);
  });
});
