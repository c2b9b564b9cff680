/**
 * A worker SIGKILLed right before its request: the lane is adopted within about leaseMs, the message is sent once
 * by the adopter, the adopter reports it through onPossibleDuplicate, and the producer's waiting call resolves.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../../adapters/memory/index.js";
import { createDispatcher, fetchTransport, type PossibleDuplicateEvent } from "../../../src/index.js";
import { redisQueue } from "../../../src/redis/index.js";
import { createDiscordFake } from "../../../src/testing/index.js";
import { freshPrefix, requireRedisUrl } from "./support/env.js";

const url = requireRedisUrl();
const fake = await createDiscordFake();
afterAll(() => fake.close());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("adoption after a crash mid-request", () => {
  it("reports the delivery the dead worker had in flight and sends it", async () => {
    const prefix = freshPrefix();
    const hook = fake.addWebhook();
    const store = memoryStore([{ id: "w0", name: "hook", webhookUrl: hook.url, type: "CUSTOM", scope: "ADMIN" }]);
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./support/mark-and-hang.ts", import.meta.url)), url, prefix], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const end = Date.now() + 20_000;
    while (!out.includes("ready") && Date.now() < end) await sleep(20);

    const transport = fetchTransport({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 3000 });
    const producer = createDispatcher({ store, transport, queue: redisQueue({ connection: url, prefix }), worker: false });
    const result = producer.dispatch("CUSTOM", { title: "in flight" });
    while (!out.includes("sending w0") && Date.now() < end) await sleep(20);
    expect(out).toContain("sending w0");
    child.kill("SIGKILL");
    const killedAt = Date.now();

    const reports: PossibleDuplicateEvent[] = [];
    const adopter = createDispatcher({ store, transport, queue: redisQueue({ connection: url, prefix, leaseMs: 2000 }), hooks: { onPossibleDuplicate: (e) => reports.push(e) } });
    const settled = await result;
    expect(settled.deliveries[0]?.status).toBe("delivered");
    expect(Date.now() - killedAt).toBeLessThan(2000 * 2);
    expect(reports).toHaveLength(1);
    expect(reports[0]?.webhook.id).toBe("w0");
    expect(reports[0]?.deliveryIds).toHaveLength(1);
    expect(fake.messages(hook.id)).toHaveLength(1);
    await Promise.all([producer.close(), adopter.close()]);
  }, 40_000);
});
