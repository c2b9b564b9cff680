import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { expectNoTokens, managementFlow, type FlowContext } from "./flow.js";
import { ARTIFACTS, eventually, freePort, ROOT, startApp, type RunningApp } from "./helpers.js";

let fake: DiscordFake;
let app: RunningApp;
let browser: Browser | undefined;
const bodies: string[] = [];

beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  const port = await freePort();
  const dir = join(ROOT, "examples", "next");
  app = await startApp("next example", join(dir, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir,
    port,
    healthPath: "/",
    env: { DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), "dwd-next-")), "e2e.db")}`, DISCORD_API_BASE_URL: fake.apiBaseUrl },
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.close();
});

describe("examples/next: route handlers", () => {
  managementFlow((): FlowContext => ({ origin: app.origin, fake, eventsPath: "/api/events", bodies }));
});

describe("examples/next: Settings → Discord Webhooks in headless Chromium", () => {
  it("adds a webhook, tests it, sees the result, deletes it", async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ],
      // launch() always starts Chromium with a fresh, throw-away user-data-dir of its own.
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${app.origin}/settings/discord-webhooks`);
    await page.getByLabel("Demo user id").fill("carol");
    await page.getByTestId("empty").waitFor();

    // A hostile URL is refused with the server's message.
    await page.getByLabel("Name").fill("Carol's servers");
    await page.getByLabel("Webhook URL").fill("https://discord.com.evil.example/api/webhooks/123456789012345678/" + "t".repeat(68));
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => page.getByTestId("notice").textContent(), { timeout: 15_000 }).toContain("host must be discord.com");

    const hook = fake.addWebhook();
    await page.getByLabel("Webhook URL").fill(hook.url);
    await page.getByLabel("Notifications").selectOption("GAME_SERVER");
    await page.getByRole("button", { name: "Add webhook" }).click();
    const row = page.locator('[data-testid="webhook-row"][data-name="Carol\'s servers"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(`webhooks/${hook.id}/***`);
    expect(await page.content()).not.toContain(hook.token);

    await row.getByRole("button", { name: "Test" }).click();
    await expect.poll(() => page.getByTestId("notice").textContent(), { timeout: 15_000 }).toContain("Test message sent");
    await expect.poll(() => row.getByTestId("status").textContent(), { timeout: 15_000 }).toContain("Last success");
    const sent = await eventually(() => fake.messages(hook.id), (m) => m.length === 1);
    expect(JSON.stringify(sent[0]!.body)).toContain("Test message");
    await page.screenshot({ path: join(ARTIFACTS, "next-settings-discord-webhooks.png"), fullPage: true });

    await row.getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("empty").waitFor();
    expect(await page.getByTestId("notice").textContent()).toContain("Deleted");
  });

  it("no token in any response body or log line", () => {
    expect(bodies.length).toBeGreaterThan(10);
    expectNoTokens(fake, [...bodies, app.output()]);
  });
});
