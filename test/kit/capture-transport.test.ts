import { describe, expect, it } from "vitest";
import { TransportError } from "../../src/index.js";
import { captureTransport } from "../../src/testing/index.js";

const ID = "123456789012345678";
const TOKEN = "t".repeat(68);
const URL = `https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`;

describe("captureTransport", () => {
  it("records every POST with webhook id, thread, wait and a redacted URL, and answers 200 with a message", async () => {
    const capture = captureTransport();
    const res = await capture.send({ url: `${URL}?wait=true&thread_id=222222222222222222`, body: { content: "hi", embeds: [{ title: "a" }] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ content: "hi", webhook_id: ID, channel_id: "222222222222222222", embeds: [{ title: "a" }] });
    expect((res.body as { id: string }).id).toMatch(/^\d{17,20}$/);
    expect(capture.messages).toEqual([
      {
        method: "POST",
        url: `https://discord.com/api/v10/webhooks/${ID}/***?wait=true&thread_id=222222222222222222`,
        webhookId: ID,
        threadId: "222222222222222222",
        wait: true,
        body: { content: "hi", embeds: [{ title: "a" }] },
        at: expect.any(Date),
        status: 200,
      },
    ]);
    expect(capture.embeds).toEqual([{ title: "a" }]);
    expect(JSON.stringify(capture.requests)).not.toContain(TOKEN);
  });

  it("snapshots the body as it would go on the wire", async () => {
    const capture = captureTransport();
    const body: Record<string, unknown> = { content: "before", skipped: undefined };
    await capture.send({ url: URL, body });
    body.content = "after";
    expect(capture.messages[0]?.body).toEqual({ content: "before" });
  });

  it("keeps GETs in requests but not in messages", async () => {
    const capture = captureTransport();
    const res = await capture.send({ method: "GET", url: URL });
    expect(res).toMatchObject({ status: 200, body: { id: ID, type: 1 } });
    expect(capture.requests).toHaveLength(1);
    expect(capture.messages).toHaveLength(0);
  });

  it("records the body of a PATCH (an edit) like a POST's, none for DELETE, and keeps both out of messages", async () => {
    const capture = captureTransport();
    const edit: Record<string, unknown> = { embeds: [{ title: "edited" }], content: undefined };
    await capture.send({ method: "PATCH", url: `${URL}/messages/1300000000000000001?thread_id=222222222222222222`, body: edit });
    edit.embeds = [];
    await capture.send({ method: "DELETE", url: `${URL}/messages/1300000000000000001` });
    expect(capture.requests.map((r) => [r.method, r.webhookId, r.threadId, r.body])).toEqual([
      ["PATCH", ID, "222222222222222222", { embeds: [{ title: "edited" }] }],
      ["DELETE", ID, null, undefined],
    ]);
    expect(capture.messages).toEqual([]);
    expect(capture.embeds).toEqual([]);
    expect(JSON.stringify(capture.requests)).not.toContain(TOKEN);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(capture.send({ method: "PATCH", url: `${URL}/messages/1300000000000000001`, body: cyclic })).rejects.toThrow(/\[PATCH\].*not JSON-serialisable/);
  });

  it("keeps the messages it answered: a read gives one back as edited, a deleted or unknown one is 404 10008", async () => {
    const capture = captureTransport();
    const posted = await capture.send({ url: `${URL}?wait=true`, body: { content: "a", embeds: [{ title: "one" }, { title: "two" }] } });
    const id = (posted.body as { id: string }).id;
    const read = await capture.send({ method: "GET", url: `${URL}/messages/${id}` });
    expect(read).toMatchObject({ status: 200, body: { id, content: "a", embeds: [{ title: "one" }, { title: "two" }] } });
    const edited = await capture.send({ method: "PATCH", url: `${URL}/messages/${id}`, body: { embeds: [{ title: "one!" }, { title: "two" }] } });
    expect(edited).toMatchObject({ status: 200, body: { id, content: "a", embeds: [{ title: "one!" }, { title: "two" }] } });
    expect((await capture.send({ method: "GET", url: `${URL}/messages/${id}` })).body).toMatchObject({ embeds: [{ title: "one!" }, { title: "two" }] });
    expect((await capture.send({ method: "DELETE", url: `${URL}/messages/${id}` })).status).toBe(204);
    expect(await capture.send({ method: "GET", url: `${URL}/messages/${id}` })).toMatchObject({ status: 404, body: { code: 10008 } });
    expect(await capture.send({ method: "GET", url: `${URL}/messages/1300000000000000009` })).toMatchObject({ status: 404, body: { code: 10008 } });
  });

  it("answers queued replies in order, then the default", async () => {
    const capture = captureTransport();
    capture.enqueue(503, 429, { status: 404 }, { status: 400, body: { code: 50035, message: "Invalid Form Body", errors: {} } });
    const statuses = [];
    const bodies = [];
    for (let i = 0; i < 5; i++) {
      const res = await capture.send({ url: URL, body: { content: String(i) } });
      statuses.push(res.status);
      bodies.push(res.body);
    }
    expect(statuses).toEqual([503, 429, 404, 400, 200]);
    expect(bodies[1]).toEqual({ message: "You are being rate limited.", retry_after: 1, global: false });
    expect(bodies[2]).toEqual({ message: "Unknown Webhook", code: 10015 });
    expect(bodies[3]).toEqual({ code: 50035, message: "Invalid Form Body", errors: {} });
    expect(capture.messages.map((m) => m.status)).toEqual([503, 429, 404, 400, 200]);
  });

  it("gives Discord's usual answers for a bare status", async () => {
    const capture = captureTransport({ respondWith: 429 });
    const limited = await capture.send({ url: URL, body: { content: "x" } });
    expect(limited.headers).toMatchObject({ "retry-after": "1", "x-ratelimit-scope": "user" });
    capture.respondWith(401);
    expect((await capture.send({ url: URL, body: { content: "x" } })).body).toEqual({ message: "Invalid Webhook Token", code: 50027 });
    capture.respondWith(413);
    expect((await capture.send({ url: URL, body: { content: "x" } })).body).toMatchObject({ code: 40005 });
    capture.respondWith(204);
    expect(await capture.send({ url: URL, body: { content: "x" } })).toEqual({ status: 204, headers: {}, body: null });
  });

  it("merges a partial response with the defaults for its status, lower-casing header names", async () => {
    const capture = captureTransport({ respondWith: { status: 429, headers: { "Retry-After": "3", "X-RateLimit-Scope": "shared" } } });
    const res = await capture.send({ url: URL, body: { content: "x" } });
    expect(res.headers).toMatchObject({ "retry-after": "3", "x-ratelimit-scope": "shared", "content-type": "application/json" });
    expect(res.body).toMatchObject({ retry_after: 1 });
  });

  it("answers from a function of the request, sync or async", async () => {
    const capture = captureTransport();
    capture.respondWith((req) => (req.body as { content: string }).content === "fail" ? 500 : 200);
    expect((await capture.send({ url: URL, body: { content: "fail" } })).status).toBe(500);
    expect((await capture.send({ url: URL, body: { content: "ok" } })).status).toBe(200);
    capture.enqueue(() => Promise.resolve({ status: 200, body: { id: "1" } }));
    expect((await capture.send({ url: URL, body: { content: "x" } })).body).toEqual({ id: "1" });
  });

  it("throws a TransportError to simulate a network failure", async () => {
    const capture = captureTransport();
    const reset = new TransportError("connection reset", "https://discord.com/api/v10/webhooks/1/***");
    const timeout = new TransportError("timed out", "https://discord.com/api/v10/webhooks/1/***", { code: "TIMEOUT" });
    capture.enqueue(reset, () => timeout, () => {
      throw new Error("responder bug");
    });
    await expect(capture.send({ url: URL, body: { content: "x" } })).rejects.toBe(reset);
    await expect(capture.send({ url: URL, body: { content: "x" } })).rejects.toBe(timeout);
    const wrapped = await capture.send({ url: URL, body: { content: "x" } }).catch((e: unknown) => e);
    expect(wrapped).toBeInstanceOf(TransportError);
    expect((wrapped as TransportError).message).not.toContain(TOKEN);
    expect(capture.messages.map((m) => m.status)).toEqual([null, null, null]);
  });

  it("refuses aborted requests and unserialisable bodies with TransportError", async () => {
    const capture = captureTransport();
    await expect(capture.send({ url: URL, body: { content: "x" }, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TransportError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = await capture.send({ url: URL, body: cyclic }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).message).not.toContain(TOKEN);
  });

  it("forgets requests and queued replies on clear(), keeping the default", async () => {
    const capture = captureTransport({ respondWith: 204 });
    capture.enqueue(500);
    await capture.send({ url: URL, body: { content: "x" } });
    capture.enqueue(500);
    capture.clear();
    expect(capture.requests).toEqual([]);
    expect((await capture.send({ url: URL, body: { content: "x" } })).status).toBe(204);
  });

  it("records non-webhook URLs without a webhook id", async () => {
    const capture = captureTransport();
    await capture.send({ url: "https://example.com/hook", body: { content: "x" } });
    expect(capture.messages[0]).toMatchObject({ webhookId: null, threadId: null, wait: false, url: "https://example.com/hook" });
  });
});
