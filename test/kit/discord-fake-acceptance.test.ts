import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { rawExchange } from "../http/raw-socket.js";
import { post, request } from "./helpers.js";

/** A raw HTTP/1.1 request with the exact target and headers given (fetch would normalise both). */
function raw(fake: DiscordFake, line: string, headers: string[], body = ""): Promise<{ text: string; statuses: number[] }> {
  const head = [...headers, ...(body ? [`Content-Length: ${String(Buffer.byteLength(body))}`] : []), "Connection: close"];
  return rawExchange(Number(new URL(fake.url).port), `${line}\r\n${head.map((h) => `${h}\r\n`).join("")}\r\n${body}`, 300);
}

const JSON_HEADERS = ["Host: 127.0.0.1", "Content-Type: application/json"];

describe("discord fake: what it accepts", () => {
  let fake: DiscordFake;
  let hook: FakeWebhook;
  beforeAll(async () => {
    fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    hook = fake.addWebhook();
  });

  it.each([
    (h: FakeWebhook) => `/api/v10/webhooks/${h.id}/x/../${h.token}`,
    (h: FakeWebhook) => `/api/v10/webhooks/${h.id}/./${h.token}`,
    (h: FakeWebhook) => `/api/v10/webhooks/./${h.id}/${h.token}`,
    (h: FakeWebhook) => `/api/v10/webhooks/${h.id}\\${h.token}`,
    (h: FakeWebhook) => `/api/v10/webhooks/${h.id}%2F${h.token}`,
    (h: FakeWebhook) => `/api/v10/webhooks/${h.id}/%2e%2e/${h.id}/${h.token}`,
  ])("refuses a non-canonical path with 404 and records no token (%#)", async (path) => {
    const { statuses } = await raw(fake, `POST ${path(hook)}?wait=true HTTP/1.1`, JSON_HEADERS, '{"content":"hi"}');
    expect(statuses[0] ?? 400).toBeGreaterThanOrEqual(400);
    expect(fake.messages()).toHaveLength(0);
    expect(JSON.stringify(fake.requests())).not.toContain(hook.token);
    expect(JSON.stringify((await request(fake, "/inbox/state")).body)).not.toContain(hook.token);
  });

  it.each([
    ["text/plain", '{"content":"hi"}'],
    ["application/x-www-form-urlencoded", "content=hi"],
    [null, '{"content":"hi"}'],
    [null, ""],
  ])("refuses a %s body with 400 (code 50035), as Discord does", async (type, body) => {
    const headers: Record<string, string> = type === null ? {} : { "content-type": type };
    const res = await post(fake, hook, body, "?wait=true", { headers });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 50035, errors: { _errors: [{ code: "CONTENT_TYPE_INVALID" }] } });
    expect(fake.messages()).toHaveLength(0);
  });

  it("reads multipart bodies through payload_json", async () => {
    const form = new FormData();
    form.set("payload_json", JSON.stringify({ content: "from multipart" }));
    form.set("files[0]", new Blob(["log line"], { type: "text/plain" }), "log.txt");
    const res = await fetch(`${fake.apiBaseUrl}/webhooks/${hook.id}/${hook.token}?wait=true`, { method: "POST", body: form });
    expect(res.status).toBe(200);
    expect(fake.messages(hook.id)[0]?.body).toEqual({ content: "from multipart" });
  });

  it("answers only loopback hosts: another Host or Origin gets 403 on the API and the inbox, unrecorded", async () => {
    const target = `/api/v10/webhooks/${hook.id}/${hook.token}`;
    const webhooks = fake.webhooks().length;
    for (const headers of [["Host: evil.example:8787"], ["Host: 127.0.0.1", "Origin: https://evil.example"], ["Host: 127.0.0.1", "Origin: null"]]) {
      expect((await raw(fake, `GET ${target} HTTP/1.1`, headers)).statuses).toEqual([403]);
      expect((await raw(fake, "GET /inbox/state HTTP/1.1", headers)).statuses).toEqual([403]);
      expect((await raw(fake, "POST /inbox/webhooks HTTP/1.1", [...headers, "Content-Type: application/json"], "{}")).statuses).toEqual([403]);
    }
    expect(fake.requests()).toHaveLength(0);
    expect(fake.webhooks()).toHaveLength(webhooks);
    for (const host of ["localhost:1234", "LOCALHOST", "[::1]:9", "127.0.0.1"]) {
      expect((await raw(fake, `GET ${target} HTTP/1.1`, [`Host: ${host}`, "Origin: http://localhost:3000"])).statuses).toEqual([200]);
    }
  });
});

describe("discord fake: allowedHosts", () => {
  it("answers the hosts it is told to, and refuses a malformed entry", async () => {
    const fake = await createDiscordFake({ allowedHosts: ["discord-fake"] });
    try {
      expect((await raw(fake, "GET /inbox/state HTTP/1.1", ["Host: discord-fake:8787"])).statuses).toEqual([200]);
      expect((await raw(fake, "GET /inbox/state HTTP/1.1", ["Host: other:8787"])).statuses).toEqual([403]);
    } finally {
      await fake.close();
    }
    const any = await createDiscordFake({ allowedHosts: true });
    try {
      expect((await raw(any, "GET /inbox/state HTTP/1.1", ["Host: anything.example"])).statuses).toEqual([200]);
    } finally {
      await any.close();
    }
    await expect(createDiscordFake({ allowedHosts: ["http://x/"] })).rejects.toBeInstanceOf(ConfigError);
  });

  it("with acceptAnyWebhook, a cross-site form cannot register a webhook", async () => {
    const fake = await createDiscordFake({ acceptAnyWebhook: true });
    try {
      const url = `${fake.apiBaseUrl}/webhooks/123456789012345678/${"t".repeat(68)}`;
      const res = await fetch(url, { method: "POST", headers: { "content-type": "text/plain" }, body: '{"content":"x"}' });
      expect(res.status).toBe(400);
      expect(fake.webhooks()).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});
