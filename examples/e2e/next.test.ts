import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { expectNoTokens, managementFlow, type FlowContext } from "./flow.js";
import { api, ARTIFACTS, eventually, freePort, ROOT, startApp, type RunningApp } from "./helpers.js";

const dir = join(ROOT, "examples", "next");
const databaseUrl = `file:${join(mkdtempSync(join(tmpdir(), "dwd-next-")), "e2e.db")}`;
let fake: DiscordFake;
let app: RunningApp;
let worker: RunningApp | undefined;
let browser: Browser | undefined;
const bodies: string[] = [];

beforeAll(async () => {
  fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
  const port = await freePort();
  app = await startApp("next example", join(dir, "node_modules", ".bin", "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: dir,
    port,
    healthPath: "/",
    env: { DATABASE_URL: databaseUrl, DISCORD_API_BASE_URL: fake.apiBaseUrl, REDIS_URL: process.env.REDIS_URL ?? "" },
  });
});

afterAll(async () => {
  await worker?.stop();
  await browser?.close();
  await app?.stop();
  await fake?.close();
});

describe("examples/next: route handlers", () => {
  managementFlow((): FlowContext => ({ origin: app.origin, fake, eventsPath: "/api/events", bodies }));
});

describe("examples/next: the drop-in panel (catch-all route handler) in headless Chromium", () => {
  let page: Page;
  const carol = { user: "carol" };
  let hook: FakeWebhook;
  let fixed: FakeWebhook;

  const card = (name: string) => page.locator(`[data-testid="webhook"][data-name="${name}"]`);
  const addForm = () => page.getByTestId("add-form");
  const refresh = () => page.getByRole("button", { name: "Refresh" }).click();

  it("signs in with the demo cookie, adds a webhook with the URL checked inline, tests it", async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
      // launch() always starts Chromium with a fresh, throw-away user-data-dir of its own.
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${app.origin}/demo-login?user=carol`);
    // Next.js drops the trailing slash (a 308 to /api/webhooks); the panel is served at both.
    expect(["/api/webhooks", "/api/webhooks/"]).toContain(new URL(page.url()).pathname);
    expect(await page.title()).toBe("Acme Hosting: Discord notifications");
    await page.getByTestId("empty").waitFor();

    // A hostile URL is flagged as it is typed, and refused by the server with its message.
    await addForm().getByLabel("Name").fill("Carol's servers");
    await addForm().getByLabel("Webhook URL").fill("https://discord.com.evil.example/api/webhooks/123456789012345678/" + "t".repeat(68));
    expect(await addForm().getByTestId("url-check").textContent()).toContain("Not a Discord webhook URL");
    await addForm().getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => page.getByTestId("notice").textContent(), { timeout: 15_000 }).toContain("host must be discord.com");

    hook = fake.addWebhook();
    await addForm().getByLabel("Webhook URL").fill(hook.url);
    expect(await addForm().getByLabel("Notifications").locator("option").allTextContents()).toEqual(expect.arrayContaining(["Game servers", "Billing", "Support tickets"]));
    await addForm().getByLabel("Notifications").selectOption({ label: "Game servers" });
    await addForm().getByRole("button", { name: "Add webhook" }).click();
    await card("Carol's servers").waitFor();
    expect(await card("Carol's servers").textContent()).toContain(`webhooks/${hook.id}/***`);
    expect(await card("Carol's servers").textContent()).toContain("Game servers · Only me");
    expect(await page.content()).not.toContain(hook.token);

    await card("Carol's servers").getByRole("button", { name: "Send test" }).click();
    await expect.poll(() => card("Carol's servers").getByTestId("result").textContent(), { timeout: 15_000 }).toBe("Test message sent.");
    expect(await card("Carol's servers").getByTestId("status").textContent()).toContain("Last delivered");
    const sent = await eventually(() => fake.messages(hook.id), (m) => m.length === 1);
    expect(JSON.stringify(sent[0]!.body)).toContain("Test message");
  });

  it("edits name and type", async () => {
    await card("Carol's servers").getByRole("button", { name: "Edit" }).click();
    const form = page.getByTestId("edit-form");
    await form.getByLabel("Name").fill("Carol's billing");
    await form.getByLabel("Notifications").selectOption({ label: "Billing" });
    await form.getByRole("button", { name: "Save" }).click();
    await card("Carol's billing").waitFor();
    expect(await card("Carol's billing").textContent()).toContain("Billing · Only me");
    const stored = await api(app.origin, "GET", "/api/webhooks", carol);
    expect(stored.json.webhooks[0]).toMatchObject({ name: "Carol's billing", type: "BILLING", discordWebhookId: hook.id });
  });

  it("a webhook Discord deleted (404) shows why, in words; pasting a new URL enables it again", async () => {
    const gone = fake.inject(hook.id, { status: 404, body: { message: "Unknown Webhook", code: 10015 } });
    const event = await api(app.origin, "POST", "/api/events/invoice-paid", null, { userId: "carol", invoiceId: "INV-404" });
    expect(event.status).toBe(202);
    await eventually(() => gone.hits, (n) => n >= 1);
    await expect
      .poll(async () => {
        await refresh();
        return card("Carol's billing").getAttribute("data-enabled");
      }, { timeout: 15_000 })
      .toBe("false");
    expect(await card("Carol's billing").getByTestId("why").textContent()).toBe("Discord deleted this webhook: paste a new URL (Edit).");
    await page.screenshot({ path: join(ARTIFACTS, "next-panel-disabled.png"), fullPage: true });

    fixed = fake.addWebhook();
    await card("Carol's billing").getByRole("button", { name: "Edit" }).click();
    await page.getByTestId("edit-form").getByLabel("Webhook URL").fill(fixed.url);
    await page.getByTestId("edit-form").getByRole("button", { name: "Save" }).click();
    await expect.poll(() => card("Carol's billing").getAttribute("data-enabled"), { timeout: 15_000 }).toBe("true");
    expect(await card("Carol's billing").textContent()).toContain(`webhooks/${fixed.id}/***`);
    expect(await page.content()).not.toContain(fixed.token);
    await page.screenshot({ path: join(ARTIFACTS, "next-panel.png"), fullPage: true });
  });

  // Depends on the engine dropping its process-local disable when the manager calls forgetWebhook (issue 8).
  it("after the fix, events really arrive in Discord again", async () => {
    const before = fake.messages(fixed.id).length;
    const event = await api(app.origin, "POST", "/api/events/invoice-paid", null, { userId: "carol", invoiceId: "INV-BACK" });
    expect(event.status).toBe(202);
    const got = await eventually(() => fake.messages(fixed.id), (m) => m.length > before, 15_000);
    expect(JSON.stringify(got.at(-1)!.body)).toContain("INV-BACK");
  });

  it("deletes it after a confirmation", async () => {
    await card("Carol's billing").getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("empty").waitFor();
    expect(await page.getByTestId("notice").textContent()).toContain("Deleted");
  });

  it("no token in any response body or log line", async () => {
    expect(bodies.length).toBeGreaterThan(10);
    expectNoTokens(fake, [...bodies, app.output(), await page.content()]);
  });
});

describe("examples/next: durable delivery (producer route + worker on Redis)", () => {
  it("POST /api/queued-events answers 202 once queued; the worker process sends it", async () => {
    const redisUrl = process.env.REDIS_URL;
    expect(redisUrl, "REDIS_URL must point at a Redis server (scripts/ci-redis.sh starts one)").toBeTruthy();
    const hook = fake.addWebhook();
    const created = await api(app.origin, "POST", "/api/webhooks", { user: "root", admin: true }, { name: "Ops (durable)", webhookUrl: hook.url, type: "GAME_SERVER", scope: "ADMIN" });
    expect(created.status).toBe(201);

    const queued = await api(app.origin, "POST", "/api/queued-events", null, { serverName: "QueuedSeven" });
    expect(queued.status).toBe(202);
    expect(queued.json.queued).toBeGreaterThanOrEqual(1);
    expect(queued.json.refused).toBe(0);
    expect(fake.messages(hook.id)).toHaveLength(0); // the producer never sends

    worker = await startApp("durable worker", join(ROOT, "node_modules", ".bin", "tsx"), ["durable/worker.ts"], {
      cwd: dir,
      readyOutput: "taking lanes from Redis",
      env: { DATABASE_URL: databaseUrl, DISCORD_API_BASE_URL: fake.apiBaseUrl, REDIS_URL: redisUrl! },
    });
    const got = await eventually(() => fake.messages(hook.id), (m) => m.length > 0, 30_000);
    expect(JSON.stringify(got[0]!.body)).toContain("QueuedSeven");
  });
});
