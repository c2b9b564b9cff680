import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { runCli as runCliInProcess } from "../../src/cli/run.js";
import { runCli, type CliRun } from "./helpers.js";

let fake: DiscordFake;
let hook: FakeWebhook;

beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  for (const w of fake.webhooks()) fake.removeWebhook(w.id);
  hook = fake.addWebhook({ name: "ops alerts" });
});

/** Nothing the process printed may carry the token. */
function expectNoToken(run: CliRun, token: string): void {
  expect(run.stdout).not.toContain(token);
  expect(run.stderr).not.toContain(token);
}

// Each case starts a real process (tsx compiles on start): allow for a loaded machine.
describe("verify, test and send from a shell", { timeout: 40_000 }, () => {
  it("verify reads the URL from DISCORD_WEBHOOK_URL, posts nothing and prints the webhook without its token", async () => {
    const run = await runCli(["verify", "--api-base-url", fake.apiBaseUrl], { env: { DISCORD_WEBHOOK_URL: hook.url } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ok: webhook "ops alerts"');
    expect(run.stdout).toContain(hook.channelId);
    expectNoToken(run, hook.token);
    expect(fake.messages()).toHaveLength(0);
    expect(fake.requests().map((r) => r.method)).toEqual(["GET"]);
  });

  it("test reads the URL from standard input and posts the test message", async () => {
    const run = await runCli(["test", "--api-base-url", fake.apiBaseUrl], { stdin: `${hook.url}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok: test message sent \(HTTP 200, message \d+\)/);
    expectNoToken(run, hook.token);
    expect(JSON.stringify(fake.messages(hook.id)[0]?.body)).toContain("Test message");
  });

  it("send --type CUSTOM builds the embed from --title and --description; DISCORD_API_BASE_URL aims it", async () => {
    const run = await runCli(["send", "--type", "CUSTOM", "--title", "Deploy finished", "--description", "v1.4.2 is live", "--json"], {
      stdin: hook.url,
      env: { DISCORD_API_BASE_URL: fake.apiBaseUrl },
    });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({ ok: true, event: "custom", status: 200 });
    expect(json.messageIds).toEqual([fake.messages(hook.id)[0]?.id]);
    const embed = (fake.messages(hook.id)[0]?.body.embeds as { title: string; description: string }[])[0];
    expect(embed).toMatchObject({ title: "Deploy finished", description: "v1.4.2 is live" });
    expectNoToken(run, hook.token);
  });

  it("send with another type sends that type's sample event", async () => {
    const run = await runCli(["send", "--type", "BILLING", "--api-base-url", fake.apiBaseUrl], { stdin: hook.url });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("ok: billingEvent sent");
    expect(fake.messages(hook.id)).toHaveLength(1);
  });

  it("exits 1 with Discord's reason when it refuses, and still prints no token", async () => {
    const gone = { ...hook };
    fake.removeWebhook(hook.id);
    for (const command of [["verify"], ["test"], ["send", "--title", "x"]]) {
      const run = await runCli([...command, "--api-base-url", fake.apiBaseUrl], { stdin: gone.url });
      expect(run.code, command.join(" ")).toBe(1);
      expect(run.stdout).toMatch(/^refused: HTTP 404: .*Unknown Webhook/);
      expect(run.stdout).toContain(`webhooks/${gone.id}/***`);
      expectNoToken(run, gone.token);
    }
  });

  it("exits 1 on a 401 (wrong token) with the reason", async () => {
    const wrong = `https://discord.com/api/webhooks/${hook.id}/${"w".repeat(68)}`;
    const run = await runCli(["verify", "--api-base-url", fake.apiBaseUrl], { stdin: wrong });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Invalid Webhook Token");
    expectNoToken(run, "w".repeat(68));
  });

  it("exits 2 for bad usage, in a real process: no URL piped, or a URL given as an argument", async () => {
    const none = await runCli(["verify"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no webhook URL: set DISCORD_WEBHOOK_URL or pipe/);
    const asArgument = await runCli(["send", "--title", "x", hook.url]);
    expect(asArgument.code).toBe(2);
    expect(asArgument.stderr).toMatch(/never taken as an argument/);
    expectNoToken(asArgument, hook.token);
    expect(fake.requests()).toHaveLength(0);
  });

  it("exits 2 for bad usage: a malformed URL, unknown options, a missing title, a wrong type or base URL", async () => {
    const url = hook.url;
    const cases: { args: string[]; stdin?: string; message: RegExp }[] = [
      { args: ["test"], stdin: "https://example.com/api/webhooks/123456789012345678/abc", message: /host must be discord.com/ },
      { args: ["test"], stdin: "https://discord.com/api/webhooks/12/abc", message: /snowflake/ },
      { args: ["test", "--colour", "red"], stdin: url, message: /Unknown option '--colour'/ },
      { args: ["send", "--type", "CUSTOM"], stdin: url, message: /needs --title/ },
      { args: ["send", "--type", "NOPE", "--title", "x"], stdin: url, message: /--type must be one of/ },
      { args: ["send", "--type", "VPS", "--title", "x"], stdin: url, message: /--title and --description go with --type CUSTOM only/ },
      { args: ["verify", "--api-base-url", "ftp://x"], stdin: url, message: /--api-base-url/ },
      { args: ["fake", "--port", "99999"], message: /--port must be an integer/ },
      { args: ["fake", "--time-scale", "0"], message: /--time-scale must be a number > 0/ },
      { args: ["nope"], message: /unknown command "nope"/ },
    ];
    for (const c of cases) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCliInProcess(c.args, {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: {},
        readStdin: () => Promise.resolve(c.stdin ?? null),
        untilStopped: () => Promise.resolve(),
      });
      expect(code, c.args.join(" ")).toBe(2);
      expect(err.join("\n")).toMatch(c.message);
      expect(err.join("\n")).toContain("--help");
      expect([...out, ...err].join("\n")).not.toContain(hook.token);
    }
    expect(fake.requests()).toHaveLength(0);
  });
});
