import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_USER_AGENT } from "../../src/index.js";
import { fetchTransportVia, HTTP_PATHS, useFetchTransportFake } from "./helpers.js";

describe.each(HTTP_PATHS)("fetchTransport (%s)", (path) => {
  const ctx = useFetchTransportFake(path);

  it("sends a JSON POST to the rewritten URL and returns status, lower-cased headers and the parsed body", async () => {
    const res = await ctx.transport.send({ url: `${ctx.hook.url}?wait=true`, body: { content: "hello", embeds: [{ title: "t" }] } });
    expect(res.status).toBe(200);
    expect(Object.getPrototypeOf(res.headers)).toBe(Object.prototype);
    for (const name of Object.keys(res.headers)) expect(name).toBe(name.toLowerCase());
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-ratelimit-limit"]).toBe("1000");
    expect(res.body).toMatchObject({ content: "hello", webhook_id: ctx.hook.id });
    expect(ctx.fake.messages(ctx.hook.id)[0]?.body).toEqual({ content: "hello", embeds: [{ title: "t" }] });
  });

  it("returns a null body for 204", async () => {
    const res = await ctx.transport.send({ url: ctx.hook.url, body: { content: "no wait" } });
    expect(res).toMatchObject({ status: 204, body: null });
  });

  it("returns error statuses as answers, with Discord's JSON body, and never retries", async () => {
    ctx.fake.inject(ctx.hook.id, { status: 503 }, { times: 1 });
    expect((await ctx.transport.send({ url: ctx.hook.url, body: { content: "x" } })).status).toBe(503);
    expect(ctx.fake.requests()).toHaveLength(1);
    const bad = await ctx.transport.send({ url: ctx.hook.url, body: {} });
    expect(bad).toMatchObject({ status: 400, body: { code: 50006 } });
    const unknown = await ctx.transport.send({ url: "https://discord.com/api/v10/webhooks/123456789012345678/" + "t".repeat(68), body: { content: "x" } });
    expect(unknown).toMatchObject({ status: 404, body: { code: 10015 } });
    ctx.fake.inject(ctx.hook.id, { status: 429, body: { message: "slow down", retry_after: 0.5, global: false }, headers: { "retry-after": "1", "x-ratelimit-scope": "user" } }, { times: 1 });
    const limited = await ctx.transport.send({ url: ctx.hook.url, body: { content: "x" } });
    expect(limited).toMatchObject({ status: 429, body: { retry_after: 0.5 }, headers: { "retry-after": "1", "x-ratelimit-scope": "user" } });
    expect(ctx.fake.requests()).toHaveLength(4);
  });

  it("returns a text body as text", async () => {
    ctx.fake.inject(ctx.hook.id, { status: 502, body: "<html>bad gateway</html>", headers: { "content-type": "text/html" } }, { times: 1 });
    expect(await ctx.transport.send({ url: ctx.hook.url, body: { content: "x" } })).toMatchObject({ status: 502, body: "<html>bad gateway</html>" });
  });

  it("supports GET", async () => {
    const res = await ctx.transport.send({ method: "GET", url: ctx.hook.url });
    expect(res).toMatchObject({ status: 200, body: { id: ctx.hook.id, type: 1 } });
    expect(ctx.fake.requests()[0]?.method).toBe("GET");
  });

  it("sends the DiscordBot User-Agent by default, or the given one", async () => {
    await ctx.transport.send({ url: ctx.hook.url, body: { content: "x" } });
    await fetchTransportVia(path, { apiBaseUrl: ctx.fake.apiBaseUrl, userAgent: "DiscordBot (https://example.com, 9.9.9)" }).send({ url: ctx.hook.url, body: { content: "y" } });
    expect(ctx.fake.requests().map((r) => r.userAgent)).toEqual([DEFAULT_USER_AGENT, "DiscordBot (https://example.com, 9.9.9)"]);
    expect(DEFAULT_USER_AGENT).toMatch(/^DiscordBot \(https:\/\/\S+, \d+\.\d+\.\d+\S*\)$/);
  });

  it("accepts an apiBaseUrl with a trailing slash and leaves other URLs as they are", async () => {
    const slashed = fetchTransportVia(path, { apiBaseUrl: `${ctx.fake.apiBaseUrl}/` });
    expect((await slashed.send({ url: `${ctx.hook.url}?wait=true`, body: { content: "x" } })).status).toBe(200);
    const direct = `${ctx.fake.apiBaseUrl}/webhooks/${ctx.hook.id}/${ctx.hook.token}?wait=true`;
    expect((await fetchTransportVia(path).send({ url: direct, body: { content: "y" } })).status).toBe(200);
    expect(ctx.fake.messages(ctx.hook.id)).toHaveLength(2);
  });

  it("rejects bad options with ConfigError", () => {
    expect(() => fetchTransportVia(path, { timeoutMs: 0 })).toThrow(ConfigError);
    expect(() => fetchTransportVia(path, { timeoutMs: Number.NaN })).toThrow(ConfigError);
    expect(() => fetchTransportVia(path, { apiBaseUrl: "ftp://example.com" })).toThrow(ConfigError);
  });
});
