// Incidents as people see them: a crash loop sent by two dispatchers, one without `incidents` (every event a
// message) and one with it (one living message), into the Discord fake's inbox, looked at in headless Chromium. The
// problem's message is red while it flaps ("crashed 3 times"), then green once resolved, and it stays one message.
// Screenshots go to test-artifacts/ (and docs/ with UPDATE_DOCS_SCREENSHOT=1: the README's before / after).
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher, type Dispatcher, type ServerState } from "../../src/index.js";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";
import { ARTIFACTS, ROOT } from "./helpers.js";

const RED = 15158332;
const GREEN = 3066993;

let fake: DiscordFake;
let browser: Browser;
let page: Page;
let plain: Dispatcher;
let living: Dispatcher;
// Ten minutes ago, so the events read as the last few minutes beside the inbox's own receive times.
let clock = Date.now() - 10 * 60_000;
const pageErrors: string[] = [];

/** Both dispatchers get the same event, a minute of event time after the last. */
async function both(state: ServerState): Promise<void> {
  clock += 60_000;
  const input = { serverName: "mc-1", state, node: "node-3" };
  const [a, b] = await Promise.all([plain.serverStateChange(input), living.serverStateChange(input)]);
  expect([a.success, b.success]).toEqual([true, true]);
}

/** Opens the inbox anew on one channel. */
async function show(channel: string): Promise<void> {
  await page.goto(fake.inboxUrl);
  await page.locator(".channel-item", { hasText: channel }).first().click();
  await page.locator(".dm-entry:visible").first().waitFor({ timeout: 10_000 });
}

/** The messages shown (the inbox also lists the dispatcher's reads of a message, `GET`, which are not messages). */
const entries = (): Locator => page.locator(".dm-entry:visible").filter({ has: page.locator(".dm-embed") });

async function screenshot(name: string): Promise<void> {
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  if (process.env.UPDATE_DOCS_SCREENSHOT === "1") copyFileSync(path, join(ROOT, "docs", name));
}

beforeAll(async () => {
  fake = await createDiscordFake({ timeScale: 0.01 });
  const before = fake.addWebhook({ name: "Without incidents" });
  const after = fake.addWebhook({ name: "With incidents" });
  const options = { ...fake.dispatcherOptions(), now: () => new Date(clock) };
  plain = createDispatcher({ store: memoryStore([{ name: "before", webhookUrl: before.url, type: "GAME_SERVER", scope: "ADMIN" }]), ...options });
  living = createDispatcher({ store: memoryStore([{ name: "after", webhookUrl: after.url, type: "GAME_SERVER", scope: "ADMIN" }]), ...options, incidents: {} });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("pageerror", (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await Promise.all([plain?.close(), living?.close()]);
  await browser?.close();
  await fake?.close();
});

describe("incidents in the inbox: a crash loop is one living message", () => {
  it("while it flaps: one red message saying crashed 3 times, where the plain client shows five", async () => {
    for (const state of ["crashed", "online", "crashed", "online", "crashed"] as const) await both(state);
    await show("# without-incidents");
    expect(await entries().count()).toBe(5);
    await screenshot("inbox-incidents-before.png");
    await show("# with-incidents");
    expect(await entries().count()).toBe(1);
    const embed = entries().first().locator(".dm-embed").first();
    expect(await embed.getAttribute("data-color")).toBe(`#${RED.toString(16)}`);
    const text = await entries().first().innerText();
    expect(text).toMatch(/crashed 3 times/);
    expect(text).toMatch(/Flapping: 3 times/);
    expect(await entries().first().locator(".dm-edited").count()).toBe(1);
    await screenshot("inbox-incidents-firing.png");
  });

  it("once resolved: the same message turns green and keeps the count", async () => {
    await both("online");
    await show("# with-incidents");
    expect(await entries().count()).toBe(1);
    const embed = entries().first().locator(".dm-embed").first();
    expect(await embed.getAttribute("data-color")).toBe(`#${GREEN.toString(16)}`);
    const text = await entries().first().innerText();
    expect(text).toMatch(/Resolved/);
    expect(text).toMatch(/crashed 3 times/);
    await screenshot("inbox-incidents-after.png");
    await show("# without-incidents");
    expect(await entries().count()).toBe(6);
    expect(pageErrors).toEqual([]);
  });
});
