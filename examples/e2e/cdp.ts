// Headless Chromium driven over the DevTools protocol through a pipe (`--remote-debugging-pipe`): no WebSocket and no
// package beyond Node, for tests that must run where playwright-core is not installed.
import { spawn, type ChildProcess } from "node:child_process";
import type { Readable, Writable } from "node:stream";

type Json = Record<string, unknown>;

/** One page of a headless Chromium. */
export interface CdpPage {
  /** Loads `url` and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Evaluates `expression` in the page (promises awaited) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy, or throws after `timeoutMs`. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** A PNG of the viewport, or of `clip` (CSS pixels). */
  screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer>;
  /** Uncaught exceptions of the page, and every URL it requested. */
  readonly errors: string[];
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts `/usr/bin/chromium` headless with one page of `width` x `height`. */
export async function openPage(width: number, height: number): Promise<CdpPage> {
  const child: ChildProcess = spawn("/usr/bin/chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--hide-scrollbars", "about:blank"], {
    stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"],
  });
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: Json) => void; reject: (e: Error) => void }>();
  const errors: string[] = [];
  const requests: string[] = [];
  let buffer = "";
  output.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let end: number;
    while ((end = buffer.indexOf("\0")) !== -1) {
      const msg = JSON.parse(buffer.slice(0, end)) as Json;
      buffer = buffer.slice(end + 1);
      const waiter = typeof msg.id === "number" ? pending.get(msg.id) : undefined;
      if (waiter) {
        pending.delete(msg.id as number);
        if (msg.error) waiter.reject(new Error(JSON.stringify(msg.error)));
        else waiter.resolve((msg.result ?? {}) as Json);
      } else if (msg.method === "Runtime.exceptionThrown") {
        errors.push(JSON.stringify((msg.params as Json).exceptionDetails));
      } else if (msg.method === "Network.requestWillBeSent") {
        requests.push(String(((msg.params as Json).request as Json).url));
      }
    }
  });
  const send = (method: string, params: Json = {}, sessionId?: string): Promise<Json> =>
    new Promise((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      input.write(`${JSON.stringify({ id: nextId, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const { targetId } = (await send("Target.createTarget", { url: "about:blank" })) as { targetId: string };
  const { sessionId } = (await send("Target.attachToTarget", { targetId, flatten: true })) as { sessionId: string };
  const on = (method: string, params: Json = {}): Promise<Json> => send(method, params, sessionId);
  await on("Page.enable");
  await on("Runtime.enable");
  await on("Network.enable");
  await on("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await on("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(r.exceptionDetails)}`);
    return (r.result as Json).value as T;
  };
  return {
    errors,
    requests,
    async goto(url) {
      await on("Page.navigate", { url });
      await this.waitFor("document.readyState === 'complete'");
    },
    evaluate,
    async waitFor(expression, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!(await evaluate<unknown>(`!!(${expression})`))) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async screenshot(clip) {
      const r = await on("Page.captureScreenshot", { format: "png", ...(clip ? { clip: { ...clip, scale: 1 } } : {}) });
      return Buffer.from(String(r.data), "base64");
    },
    async close() {
      await send("Browser.close").catch(() => undefined);
      if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
    },
  };
}
