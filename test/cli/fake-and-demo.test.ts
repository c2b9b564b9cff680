import { describe, expect, it } from "vitest";
import { runCli as runCliInProcess } from "../../src/cli/run.js";
import { createDiscordFake } from "../../src/testing/index.js";
import { VERSION } from "../../src/version.js";
import { rawExchange } from "../http/raw-socket.js";
import { collect, recordingIo, runCli, startCli, waitForOutput } from "./helpers.js";

describe("discord-webhook-dispatcher fake", () => {
  it("starts the fake with its inbox, prints webhook URLs and the base URL, serves them, and stops on Ctrl-C", { timeout: 40_000 }, async () => {
    const child = startCli(["fake", "--port", "0", "--webhooks", "2", "--time-scale", "0.5"]);
    const printed = await waitForOutput(child, /Press Ctrl-C to stop/);
    const base = /^DISCORD_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+\/api\/v10)$/m.exec(printed)?.[1];
    const inbox = /^Inbox: (http:\/\/\S+\/)$/m.exec(printed)?.[1];
    const urls = [...printed.matchAll(/https:\/\/discord\.com\/api\/v10\/webhooks\/(\d+)\/([\w-]+)/g)];
    expect(base).toBeDefined();
    expect(urls).toHaveLength(2);
    const [, id, token] = urls[0]!;
    const res = await fetch(`${base!}/webhooks/${id!}/${token!}?wait=true`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "hello" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-ratelimit-reset-after")).toBe("1.000"); // 2 s window at time scale 0.5
    const page = await fetch(inbox!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Discord fake · inbox");
    const state = await (await fetch(`${inbox!}inbox/state`)).json();
    expect(state.entries.map((e: { kind: string }) => e.kind)).toEqual(["message"]);
    expect(JSON.stringify(state)).not.toContain(token); // the page lists webhooks with masked URLs
    const done = collect(child);
    child.kill("SIGINT");
    const run = await done;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Stopped.");
  });

  it("--accept-any takes any well-formed id and token as an existing webhook", { timeout: 40_000 }, async () => {
    const child = startCli(["fake", "--port", "0", "--webhooks", "0", "--accept-any"]);
    const printed = await waitForOutput(child, /Press Ctrl-C to stop/);
    const base = /^DISCORD_API_BASE_URL=(\S+)$/m.exec(printed)?.[1];
    const stored = `123456789012345678/${"s".repeat(68)}`;
    const post = (path: string) =>
      fetch(`${base!}/webhooks/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"content":"x"}' });
    expect((await post(stored)).status).toBe(204);
    expect((await post(`123456789012345678/${"t".repeat(68)}`)).status).toBe(401); // known id, other token
    expect((await post(`12/${"s".repeat(68)}`)).status).toBe(404); // not a snowflake
    const done = collect(child);
    child.kill("SIGINT");
    expect((await done).code).toBe(0);
  });

  it("--help works on every command and exits 0", async () => {
    for (const command of ["fake", "verify", "test", "send", "demo"]) {
      const run = await runCli([command, "--help"]);
      expect(run.code, command).toBe(0);
      expect(run.stdout).toContain(`Usage: discord-webhook-dispatcher ${command}`);
    }
    const main = await runCli(["--help"]);
    expect(main.code).toBe(0);
    for (const command of ["fake", "verify", "test", "send", "demo"]) expect(main.stdout).toContain(`  ${command} `);
  }, 60_000);
});

describe("discord-webhook-dispatcher, in process", () => {
  it("prints its version, and exits 1 with the reason when the fake cannot listen", async () => {
    const io = recordingIo();
    expect(await runCliInProcess(["--version"], io)).toBe(0);
    expect(io.lines).toEqual([VERSION]);
    const taken = await createDiscordFake();
    try {
      const busy = recordingIo();
      expect(await runCliInProcess(["fake", "--port", new URL(taken.url).port], busy)).toBe(1);
      expect(busy.lines.join("\n")).toContain("EADDRINUSE");
    } finally {
      await taken.close();
    }
  });

  it("--allowed-hosts adds hosts the fake answers; others get 403", async () => {
    const io = recordingIo();
    const statuses: number[] = [];
    io.untilStopped = async () => {
      const port = Number(/Discord fake on http:\/\/127\.0\.0\.1:(\d+)/.exec(io.lines.join("\n"))?.[1]);
      for (const host of ["discord-fake:8787", "other.example"]) {
        statuses.push(...(await rawExchange(port, `GET /inbox/state HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 300)).statuses);
      }
    };
    expect(await runCliInProcess(["fake", "--port", "0", "--webhooks", "0", "--allowed-hosts", "discord-fake,fake.internal"], io)).toBe(0);
    expect(statuses).toEqual([200, 403]);
  });

  it("fake prints one URL per webhook, then stops when asked and says so", async () => {
    const io = recordingIo();
    expect(await runCliInProcess(["fake", "--port", "0", "--webhooks", "1"], io)).toBe(0);
    expect(io.lines.filter((l) => /webhooks\/\d+\//.test(l))).toHaveLength(1);
    expect(io.lines.at(-1)).toBe("Stopped.");
  });
});

describe("discord-webhook-dispatcher demo", () => {
  it("runs the demo to the end, exits 0 and says where to look", async () => {
    const run = await runCli(["demo"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("All deliveries settled: nothing lost.");
    expect(run.stdout).toContain("demo --serve");
    expect(run.stdout).toMatch(/a client ignoring limits\s+200 200 200 200 200 429/);
    expect(run.stdout).toMatch(/a body Discord refuses\s+HTTP 400/);
  }, 60_000);

  it("with DISCORD_WEBHOOK_URL and DISCORD_API_BASE_URL, sends to that API (a fake's), never to discord.com", async () => {
    const fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
    try {
      const hook = fake.addWebhook();
      const io = recordingIo();
      io.env = { DISCORD_WEBHOOK_URL: hook.url, DISCORD_API_BASE_URL: fake.apiBaseUrl };
      const code = await runCliInProcess(["demo"], io);
      expect(io.lines.join("\n")).not.toContain(hook.token);
      expect(code).toBe(0);
      expect(fake.messages(hook.id).length).toBeGreaterThanOrEqual(7);
    } finally {
      await fake.close();
    }
  }, 60_000);

  it("--serve keeps the fake and its inbox running until Ctrl-C", async () => {
    const child = startCli(["demo", "--serve", "--port", "0"]);
    const printed = await waitForOutput(child, /Press Ctrl-C to stop/, 45_000);
    const inbox = /^Inbox .*: (http:\/\/\S+\/)$/m.exec(printed)?.[1];
    const state = await (await fetch(`${inbox!}inbox/state`)).json();
    expect(state.entries.length).toBeGreaterThan(20);
    const done = collect(child);
    child.kill("SIGINT");
    expect((await done).code).toBe(0);
  }, 60_000);
});
