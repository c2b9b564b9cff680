/**
 * Redis goes away and comes back: calls made meanwhile reject at once with a StoreError (nothing hangs, nothing
 * falls back to memory), and the worker reconnects and resumes without a restart. Runs its own redis-server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, StoreError, type DispatchResult } from "../../../src/index.js";
import { redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake } from "../../../src/testing/index.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

// The suite runs its own server, but belongs to the Redis suites: it fails without one like the others.
requireRedisUrl();
const fake = await createDiscordFake();
let server: ChildProcess | undefined;
afterAll(async () => {
  server?.kill("SIGKILL");
  await fake.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "pipe" });
  let out = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 10_000;
  while (!out.includes("Ready to accept connections")) {
    if (Date.now() > end || proc.exitCode !== null) throw new Error(`redis-server did not start: ${out}`);
    await sleep(20);
  }
  return proc;
}

describe("Redis restarts", () => {
  it("rejects while Redis is down and resumes delivering once it is back", async () => {
    const port = await freePort();
    server = await startRedis(port);
    const connection = `redis://127.0.0.1:${port}`;
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w", name: "hook", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const prefix = freshPrefix();
    const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 });
    const worker = createDispatcher({ store, transport, queue: redisQueue({ connection, prefix, leaseMs: 2000 }) });
    const producer = createDispatcher({ store, transport, queue: redisQueue({ connection, prefix }), worker: false });
    expect((await producer.dispatch("CUSTOM", { title: "before" })).sent).toBe(1);

    const stopped = new Promise((r) => server?.once("exit", r));
    server.kill("SIGTERM");
    await stopped;
    const started = Date.now();
    await expect(producer.dispatch("CUSTOM", { title: "while down" })).rejects.toBeInstanceOf(StoreError);
    expect(Date.now() - started).toBeLessThan(1000);

    server = await startRedis(port);
    let result: DispatchResult | undefined;
    const end = Date.now() + 15_000;
    while (!result && Date.now() < end) {
      result = await producer.dispatch("CUSTOM", { title: "after" }).catch(async () => {
        await sleep(200);
        return undefined;
      });
    }
    expect(result?.deliveries[0]?.status).toBe("delivered");
    expect(fake.messages(hook.id).map((m) => (m.body.embeds as { title: string }[])[0]?.title)).toEqual(["before", "after"]);
    await Promise.all([producer.close(), worker.close()]);
  }, 40_000);
});
