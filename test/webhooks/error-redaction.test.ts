import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, StoreError, ValidationError, type WebhookStore } from "../../src/index.js";
import { createWebhookRoutes } from "../../src/http/index.js";
import { captureTransport } from "../../src/testing/index.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import { alice } from "./fixtures.js";

// Issue 15, item 5: what a custom store's driver throws (echoing the webhook URL it was given) and what zod reports
// about a body (a webhook URL used as a key) never carry the token, neither in our errors nor in their causes.

const TOKEN = "Zx9_madeUpToken-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP";
const URL = `https://discord.com/api/webhooks/123456789012345678/${TOKEN}`;

/** Everything an error holds, as a log would print it (hidden properties and causes included). */
const everything = (error: unknown): string => inspect(error, { depth: 12, showHidden: true, getters: true });

/** What a driver (pg through an ORM) throws on a unique violation: the URL in message, detail, params, a cause. */
function driverError(): Error {
  const inner = Object.assign(new Error(`duplicate key value violates unique constraint\nDETAIL: Key ("webhookUrl")=(${URL}) already exists.`), {
    code: "23505",
    detail: `Key ("webhookUrl")=(${URL}) already exists.`,
  });
  return Object.assign(new Error(`Failed query: insert into "DiscordWebhook" values ($1, $2)\nparams: Alerts,${URL}`, { cause: inner }), {
    params: ["Alerts", URL],
    meta: { target: ["webhookUrl"], values: { webhookUrl: URL } },
  });
}

/** A custom store whose every method fails the way its driver does. */
function failingStore(fail: () => unknown): WebhookStore {
  const base = memoryStore();
  const reject = () => Promise.reject(fail());
  return { ...base, findWebhooks: reject, getWebhook: reject, listWebhooks: reject, createWebhook: reject, updateWebhook: reject, deleteWebhook: reject };
}

describe("a custom store's driver error", () => {
  it("is kept as a StoreError's cause with the token masked (dispatcher)", async () => {
    const dispatcher = createDispatcher({ store: failingStore(driverError), transport: captureTransport() });
    const error = await dispatcher.custom({ title: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(everything(error)).toContain("already exists");
    expect(everything(error)).not.toContain(TOKEN);
    expect(((error as StoreError).cause as { params: string[] }).params[1]).toBe("https://discord.com/api/webhooks/123456789012345678/***");
    await dispatcher.close();
  });

  it("becomes a StoreError without the token in the manager, and the routes answer a bare 500", async () => {
    const store = failingStore(driverError);
    const dispatcher = createDispatcher({ store, transport: captureTransport() });
    const manager = createWebhookManager({ dispatcher });
    const error = await manager.create(alice, { name: "Alerts", webhookUrl: URL, type: "SYSTEM", scope: "USER" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(everything(error)).not.toContain(TOKEN);

    const reported: unknown[] = [];
    const handler = createWebhookRoutes({ manager, authorize: () => alice, onError: (e) => reported.push(e) });
    const res = await handler(
      new Request("http://x/", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Alerts", webhookUrl: URL, type: "SYSTEM", scope: "USER" }) }),
    );
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(TOKEN);
    expect(reported).toHaveLength(1);
    expect(everything(reported[0])).not.toContain(TOKEN);
    await dispatcher.close();
  });

  it("is masked even when the store wraps it in a StoreError of its own", async () => {
    const dispatcher = createDispatcher({ store: failingStore(() => new StoreError("mine", "insert failed", { cause: driverError() })), transport: captureTransport() });
    const error = await dispatcher.custom({ title: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(everything(error)).toContain("insert failed");
    expect(everything(error)).not.toContain(TOKEN);
    await dispatcher.close();
  });

  it("is masked when it is not an Error at all", async () => {
    const dispatcher = createDispatcher({ store: failingStore(() => ({ message: `bad ${URL}`, rows: [{ webhookUrl: URL }] })), transport: captureTransport() });
    const error = await dispatcher.custom({ title: "x" }).catch((e: unknown) => e);
    expect(everything(error)).not.toContain(TOKEN);
    await dispatcher.close();
  });
});

describe("validation issues and their zod cause", () => {
  it("never carry a token used as a body key or value", async () => {
    const dispatcher = createDispatcher({ store: memoryStore(), transport: captureTransport() });
    const manager = createWebhookManager({ dispatcher });
    const body = { name: "Alerts", webhookUrl: "not a url", type: "SYSTEM", scope: "USER", [URL]: true, note: URL };
    const error = await manager.create(alice, body as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.some((i) => i.message.includes("https://discord.com/api/webhooks/123456789012345678/***"))).toBe(true);
    expect(JSON.stringify(issues)).not.toContain(TOKEN);
    expect((error as ValidationError).cause).toBeDefined();
    expect(everything(error)).not.toContain(TOKEN);
    expect((error as ValidationError).userMessage).not.toContain(TOKEN);
    await dispatcher.close();
  });

  it("the routes echo neither (a webhook URL as a body key)", async () => {
    const dispatcher = createDispatcher({ store: memoryStore(), transport: captureTransport() });
    const manager = createWebhookManager({ dispatcher });
    const handler = createWebhookRoutes({ manager, authorize: () => alice });
    for (const body of [`{"name":"A","webhookUrl":"x","type":"SYSTEM","scope":"USER","${URL}":1}`, `{"${URL}":{"${URL}":1}}`]) {
      const res = await handler(new Request("http://x/", { method: "POST", headers: { "content-type": "application/json" }, body }));
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain("123456789012345678/***");
      expect(text).not.toContain(TOKEN);
    }
    await dispatcher.close();
  });
});
