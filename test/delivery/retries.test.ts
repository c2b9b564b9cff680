import { afterEach, describe, expect, it } from "vitest";
import { DiscordHTTPError, fetchTransport, TransportError, type Transport } from "../../src/index.js";
import { backoffDelay, retrySettings } from "../../src/delivery/backoff.js";
import { createHarness, embed, receivedTitles, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("retries of transient failures (against the Discord fake)", () => {
  it.each([
    ["5xx", { status: 503, body: { message: "Service Unavailable" } }],
    ["a connection reset", { kind: "reset" as const }],
  ])("retries after %s, then delivers", async (_, fault) => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, fault, { times: 2 });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("eventually"));
    expect(result.success).toBe(true);
    expect(result.deliveries[0]).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200 });
    expect(receivedTitles(h.fake, hook.id)).toEqual(["eventually"]);
    expect(h.hookEvents.filter((e) => e.name === "onRetry")).toHaveLength(2);
  });

  it("gives up on a hung request after timeoutMs and retries", async () => {
    h = await createHarness({ dispatcher: { timeoutMs: 200 } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("after-hang"));
    expect(result.success).toBe(true);
    expect(result.deliveries[0]?.attempts).toBe(2);
    const retry = h.hookEvents.find((e) => e.name === "onRetry")?.event as { error: TransportError };
    expect(retry.error).toBeInstanceOf(TransportError);
    expect(retry.error.code).toBe("TIMEOUT");
  });

  it("fails with the last reason once attempts run out, and keeps the lane going", async () => {
    h = await createHarness({ dispatcher: { retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, random: () => 1 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { status: 502, body: { message: "Bad Gateway" } }, { times: 3 });
    const failed = await h.dispatcher.dispatch("CUSTOM", embed("lost"));
    expect(failed).toMatchObject({ success: false, sent: 0, failed: 1 });
    expect(failed.deliveries[0]).toMatchObject({ status: "failed", attempts: 3, lastStatus: 502 });
    const error = failed.errors[0]?.error;
    expect(error).toBeInstanceOf(DiscordHTTPError);
    expect((error as DiscordHTTPError).status).toBe(502);
    expect(h.hookEvents.filter((e) => e.name === "onFailed")).toHaveLength(1);
    const next = await h.dispatcher.dispatch("CUSTOM", embed("next"));
    expect(next.success).toBe(true);
  });

  it("does not spend the transient retry budget on 429s", async () => {
    h = await createHarness({ dispatcher: { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { status: 429, body: { message: "slow", retry_after: 0.01, global: false } }, { times: 2 });
    h.fake.inject(hook.id, { status: 500, body: { message: "oops" } }, { times: 1 });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("patient"));
    expect(result.success).toBe(true);
    expect(result.deliveries[0]?.attempts).toBe(4);
  });

  it("fails a timed-out delivery with a TIMEOUT TransportError when every attempt hangs", async () => {
    h = await createHarness({ dispatcher: { timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { kind: "hang" });
    const result = await h.dispatcher.dispatch("CUSTOM", embed("hung"));
    expect(result.success).toBe(false);
    expect(result.errors[0]?.error).toBeInstanceOf(TransportError);
    expect(result.errors[0]?.error.code).toBe("TIMEOUT");
  });
});

describe("one deadline per request (against the Discord fake)", () => {
  it("fetchTransport runs no timer of its own when the caller passes a signal; the caller's TimeoutError gives TIMEOUT", async () => {
    h = await createHarness();
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const transport = fetchTransport({ apiBaseUrl: h.fake.apiBaseUrl, timeoutMs: 30 });
    h.fake.inject(hook.id, { kind: "delay", ms: 120 }, { times: 1 });
    const slow = await transport.send({ url: `${hook.url}?wait=true`, body: { content: "late but fine" }, signal: new AbortController().signal });
    expect(slow.status).toBe(200);
    h.fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException("deadline", "TimeoutError")), 30);
    const error = await transport.send({ url: `${hook.url}?wait=true`, body: { content: "x" }, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe("TIMEOUT");
    // Without a signal its own timer applies.
    h.fake.inject(hook.id, { kind: "hang" }, { times: 1 });
    const own = await transport.send({ url: `${hook.url}?wait=true`, body: { content: "y" } }).catch((e: unknown) => e);
    expect((own as TransportError).code).toBe("TIMEOUT");
  });
});

describe("a transport that ignores its signal (against the Discord fake)", () => {
  /** Sends to the fake but drops the engine's signal, so only the engine's own deadline and close() can end a wait. */
  const deaf = (): { transport: Transport; attach: (apiBaseUrl: string) => void } => {
    let inner: Transport | undefined;
    return {
      attach: (apiBaseUrl) => {
        inner = fetchTransport({ apiBaseUrl, timeoutMs: 60_000 });
      },
      transport: {
        send: (request) => {
          if (!inner) throw new Error("not attached");
          return inner.send({ ...request, signal: undefined });
        },
      },
    };
  };

  it("is abandoned at the engine's deadline with a TIMEOUT TransportError", async () => {
    const { transport, attach } = deaf();
    h = await createHarness({ dispatcher: { transport, timeoutMs: 80, retry: { attempts: 1 } } });
    attach(h.fake.apiBaseUrl);
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { kind: "hang" });
    const started = performance.now();
    const result = await h.dispatcher.dispatch("CUSTOM", embed("deaf"));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.success).toBe(false);
    expect(result.errors[0]?.error).toBeInstanceOf(TransportError);
    expect(result.errors[0]?.error.code).toBe("TIMEOUT");
  });

  it("is abandoned when close() stops waiting, long before its deadline", async () => {
    const { transport, attach } = deaf();
    h = await createHarness({ dispatcher: { transport, timeoutMs: 60_000, retry: { attempts: 1 } } });
    attach(h.fake.apiBaseUrl);
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    h.fake.inject(hook.id, { kind: "hang" });
    const pending = h.dispatcher.dispatch("CUSTOM", embed("deaf at close"));
    while (h.fake.requests().length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = performance.now();
    await h.dispatcher.close({ timeoutMs: 20 });
    const result = await pending;
    expect(performance.now() - started).toBeLessThan(5000);
    // Failed, with the reason close() gives for what it could not finish.
    expect(result.success).toBe(false);
    expect(result.errors[0]?.error.message).toMatch(/clos/i);
  });
});

describe("backoff", () => {
  it("is exponential with full jitter, capped", () => {
    const settings = retrySettings({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, settings))).toEqual([100, 200, 400, 800, 1000, 1000]);
    const half = retrySettings({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });
    expect(backoffDelay(3, half)).toBe(200);
    expect(backoffDelay(3, retrySettings({ baseDelayMs: 100, random: () => 0 }))).toBe(0);
  });

  it("falls back to defaults for nonsense settings", () => {
    const s = retrySettings({ attempts: -1, baseDelayMs: Number.NaN, maxDelayMs: -5 });
    expect(s).toMatchObject({ attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 });
  });
});
