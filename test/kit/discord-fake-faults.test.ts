import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { post } from "./helpers.js";

describe("discord fake: fault injection", () => {
  let fake: DiscordFake;
  let hook: FakeWebhook;
  beforeEach(async () => {
    fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
    hook = fake.addWebhook();
  });
  afterEach(() => fake.close());

  it("answers an injected 5xx the given number of times, then normally", async () => {
    const handle = fake.inject(hook.id, { status: 503 }, { times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(fake, hook, { content: "x" })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(handle.hits).toBe(2);
    expect(fake.requests().map((r) => r.fault)).toEqual(["status", "status", null]);
    expect(fake.messages()).toHaveLength(1);
    expect(fake.stats().byStatus).toEqual({ "503": 2, "200": 1 });
  });

  it("answers a custom status and body, e.g. 404 Unknown Webhook for a webhook still registered", async () => {
    fake.inject(hook.id, { status: 404, body: { message: "Unknown Webhook", code: 10015 } });
    const res = await post(fake, hook, { content: "x" });
    expect(res).toMatchObject({ status: 404, body: { message: "Unknown Webhook", code: 10015 } });
    expect(fake.webhooks()).toHaveLength(1);
  });

  it("sends a raw text body when the fault sets a non-JSON content type", async () => {
    fake.inject(hook.id, { status: 502, body: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } }, { times: 1 });
    const res = await post(fake, hook, { content: "x" });
    expect(res).toMatchObject({ status: 502, body: "<html>Bad Gateway</html>" });
    expect(res.headers["content-type"]).toBe("text/html");
  });

  it("targets every webhook with \"*\" and leaves other webhooks alone otherwise", async () => {
    const other = fake.addWebhook();
    fake.inject(hook.id, { status: 500 });
    expect((await post(fake, other, { content: "x" })).status).toBe(200);
    fake.reset();
    fake.inject("*", { status: 502 }, { times: 2 });
    expect((await post(fake, other, { content: "x" })).status).toBe(502);
    expect((await post(fake, hook, { content: "x" })).status).toBe(502);
    expect((await post(fake, hook, { content: "x" })).status).toBe(200);
  });

  it("applies faults in injection order and stops one on remove()", async () => {
    const first = fake.inject(hook.id, { status: 500 });
    fake.inject(hook.id, { status: 503 });
    expect((await post(fake, hook, { content: "x" })).status).toBe(500);
    first.remove();
    expect((await post(fake, hook, { content: "x" })).status).toBe(503);
  });

  it("resets the connection without an answer", async () => {
    fake.inject(hook.id, { kind: "reset" }, { times: 1 });
    await expect(post(fake, hook, { content: "x" })).rejects.toThrow();
    expect((await post(fake, hook, { content: "x" })).status).toBe(200);
    expect(fake.requests()[0]).toMatchObject({ fault: "reset", status: null });
    expect(fake.messages()).toHaveLength(1);
  });

  it("hangs until the client gives up", async () => {
    fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    await expect(post(fake, hook, { content: "x" }, "?wait=true", { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(fake.requests()[0]).toMatchObject({ fault: "hang", status: null });
    expect((await post(fake, hook, { content: "x" })).status).toBe(200);
  });

  it("ends hung requests on close()", async () => {
    fake.inject("*", { kind: "hang" });
    const pending = post(fake, hook, { content: "x" });
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    while (fake.requests().length === 0) await new Promise((r) => setTimeout(r, 5));
    await fake.close();
    expect(await outcome).toBe("failed");
    await fake.close(); // idempotent
  });

  it("delays, then answers normally", async () => {
    fake.inject(hook.id, { kind: "delay", ms: 30 }, { times: 1 });
    const res = await post(fake, hook, { content: "late" });
    expect(res.status).toBe(200);
    expect(fake.requests()[0]).toMatchObject({ fault: "delay", status: 200 });
    expect(fake.messages()[0]?.body).toEqual({ content: "late" });
  });

  it("posts a delayed message even when its client gave up waiting (as Discord does: a retry can post twice)", async () => {
    fake.inject(hook.id, { kind: "delay", ms: 150 }, { times: 1 });
    const url = `${fake.apiBaseUrl}/webhooks/${hook.id}/${hook.token}?wait=true`;
    const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ content: "abandoned" }) };
    await expect(fetch(url, { ...init, signal: AbortSignal.timeout(30) })).rejects.toThrow();
    while (fake.messages().length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(fake.messages()[0]?.body).toEqual({ content: "abandoned" });
    expect(fake.requests()[0]).toMatchObject({ fault: "delay", status: 200 });
  });

  it("rejects impossible faults with ConfigError", () => {
    expect(() => fake.inject(hook.id, { status: 503 }, { times: 0 })).toThrow(ConfigError);
    expect(() => fake.inject(hook.id, { status: 99 })).toThrow(ConfigError);
    expect(() => fake.inject(hook.id, { kind: "delay", ms: -1 })).toThrow(ConfigError);
    expect(() => fake.inject("", { kind: "reset" })).toThrow(ConfigError);
  });
});
