// The drop-in panel (createWebhookRoutes({ panel: true })) in headless Chromium, as an admin and as customers:
// add → test → event → log entry → a 404 disables → the panel says why → paste a new URL → resend the failed ones →
// they arrive at the Discord fake; customers never see each other's webhooks or log entries (page and JSON); axe-core
// finds no serious or critical violation; screenshots (light and dark, admin and customer) go to docs/.
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeWebhook } from "../../src/testing/index.js";
import { api, eventually, ROOT } from "./helpers.js";
import { startPanelHost, type PanelHost } from "./panel-host.js";

const DOCS = join(ROOT, "docs");
const PATH = "/settings/webhooks/";
let host: PanelHost;
let browser: Browser;
const contexts: BrowserContext[] = [];
const dialogs: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  host = await startPanelHost();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** A page of the panel as one actor (the demo sign-in reads headers the browser sends with every request). */
async function open(actor: { user: string; admin?: boolean }, colorScheme: "dark" | "light" = "dark"): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1100, height: 900 },
    colorScheme,
    extraHTTPHeaders: { "x-user-id": actor.user, ...(actor.admin ? { "x-admin": "1" } : {}) },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.accept();
  });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    // A refused request (a 404, a 429) is shown to the person by the page; only script errors count here.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) pageErrors.push(m.text());
  });
  await page.goto(`${host.origin}${PATH}`);
  await page.locator("#list[aria-busy=false]").waitFor();
  return page;
}

const card = (page: Page, name: string) => page.locator(`[data-testid="webhook"][data-name="${name.replace(/"/g, '\\"')}"]`);
const carol = { user: "carol" };
const dave = { user: "dave" };
const staff = { user: "staff", admin: true };
const NAME = "Carol's servers <script>alert(1)</script>";

describe("the drop-in panel in Chromium", () => {
  let page: Page;
  let hook: FakeWebhook;
  let fixed: FakeWebhook;
  let webhookId: string;

  it("a customer adds a webhook (URL checked as it is typed), tests it, and an event shows in the log", async () => {
    page = await open(carol);
    await page.getByTestId("empty").waitFor();
    const form = page.getByTestId("add-form");
    await form.getByLabel("Name").fill(NAME);
    await form.getByLabel("Webhook URL").fill("https://discord.com.evil.example/api/webhooks/1/x");
    expect(await form.getByTestId("url-check").textContent()).toContain("Not a Discord webhook URL");
    expect(await form.getByLabel("Webhook URL").getAttribute("aria-invalid")).toBe("true");
    hook = host.fake.addWebhook();
    await form.getByLabel("Webhook URL").fill(hook.url);
    expect(await form.getByTestId("url-check").textContent()).toBe("Looks like a Discord webhook URL.");
    expect(await form.getByLabel("Who it is for").count()).toBe(0); // customers only make their own
    await form.getByRole("button", { name: "Add webhook" }).click();
    await card(page, NAME).waitFor();
    webhookId = (await card(page, NAME).getAttribute("data-id"))!;
    // The hostile name is text, never markup.
    expect(await card(page, NAME).getByRole("heading").textContent()).toBe(NAME);
    expect(await page.locator("main script").count()).toBe(0);
    expect(await card(page, NAME).textContent()).toContain(`webhooks/${hook.id}/***`);

    await card(page, NAME).getByRole("button", { name: "Send test" }).click();
    await expect.poll(() => card(page, NAME).getByTestId("result").textContent()).toBe("Test message sent.");
    expect(await card(page, NAME).getByTestId("status").textContent()).toContain("Last delivered");
    expect(host.fake.messages(hook.id)).toHaveLength(1);

    await api(host.origin, "POST", "/events/crash/carol", null);
    await eventually(() => host.fake.messages(hook.id), (m) => m.length === 2);
    await card(page, NAME).getByRole("button", { name: "Deliveries" }).click();
    const entry = card(page, NAME).locator('[data-testid="delivery"][data-family="serverStateChange"]').first();
    await entry.waitFor();
    expect(await entry.getAttribute("data-status")).toBe("delivered");
    await entry.getByRole("button", { name: "Show message" }).click();
    await expect.poll(() => entry.locator(".dm-embed-title").textContent()).toContain("Server crashed");
    // The embed's colour bar is applied by the script (no style attributes under the CSP).
    expect(await entry.locator(".dm-embed").evaluate((e) => getComputedStyle(e).borderLeftColor)).not.toBe("rgba(0, 0, 0, 0)");
  });

  it("previews each event family of the webhook as Discord shows it", async () => {
    await card(page, NAME).getByRole("button", { name: "Preview" }).click();
    const preview = card(page, NAME).locator('.preview[data-family="serverStateChange"]');
    await preview.waitFor();
    expect(await preview.locator(".dm-username").textContent()).toBe("Acme Notifications");
    expect(await preview.locator(".dm-embed-footer").textContent()).toContain("Acme Hosting");
    await card(page, NAME).getByRole("button", { name: "Preview" }).click();
  });

  it("a 404 from Discord disables it; the panel says why and what to do", async () => {
    host.fake.removeWebhook(hook.id);
    await api(host.origin, "POST", "/events/crash/carol", null);
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(async () => {
      await page.getByRole("button", { name: "Refresh" }).click();
      return card(page, NAME).getAttribute("data-enabled");
    }, { timeout: 15_000 }).toBe("false");
    expect(await card(page, NAME).getByTestId("why").textContent()).toBe("Discord deleted this webhook: paste a new URL (Edit).");
    // The log keeps the answer that disabled it, so the reason survives a store without a disabledReason column.
    const failed = card(page, NAME).locator('[data-testid="delivery"][data-status="failed"]').first();
    await failed.waitFor();
    expect(await failed.textContent()).toContain("HTTP 404");
  });

  it("pasting a new URL enables it again, and the failed deliveries are resent to it", async () => {
    fixed = host.fake.addWebhook();
    await card(page, NAME).getByRole("button", { name: "Edit" }).click();
    const form = page.getByTestId("edit-form");
    await form.getByLabel("Webhook URL").fill(fixed.url);
    await form.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => card(page, NAME).getAttribute("data-enabled")).toBe("true");
    await card(page, NAME).getByRole("button", { name: "Resend failed deliveries" }).first().click();
    const got = await eventually(() => host.fake.messages(fixed.id), (m) => m.length >= 1, 15_000);
    expect(JSON.stringify(got[0]!.body)).toContain("Skyblock");
    await expect.poll(() => card(page, NAME).getByTestId("result").textContent()).toBe("Sent again. (1)");
    // The resend is in the log, pointing at what it re-sent.
    await expect.poll(() => card(page, NAME).locator('[data-testid="delivery"][data-status="delivered"]').count()).toBeGreaterThanOrEqual(3);
  });

  it("another customer sees neither the webhook nor its log, on the page or over the JSON routes", async () => {
    const other = await open(dave);
    await other.getByTestId("empty").waitFor();
    expect(await other.content()).not.toContain("Carol");
    expect((await api(host.origin, "GET", `/settings/webhooks/${webhookId}`, dave)).status).toBe(404);
    expect((await api(host.origin, "GET", `/settings/webhooks/${webhookId}/deliveries`, dave)).status).toBe(404);
    const log = await api(host.origin, "GET", `/settings/webhooks/${webhookId}/deliveries`, carol);
    expect(log.status).toBe(200);
    const entryId = log.json.deliveries[0].id as string;
    expect((await api(host.origin, "POST", `/settings/webhooks/deliveries/${entryId}/resend`, dave, {})).status).toBe(404);
    expect((await api(host.origin, "POST", `/settings/webhooks/${webhookId}/resend-failed`, dave, {})).status).toBe(404);
    expect((await api(host.origin, "GET", "/settings/webhooks", dave)).json.webhooks).toEqual([]);
  });

  it("an admin sees every webhook; the pages pass axe-core; screenshots in light and dark", async () => {
    const ops = host.fake.addWebhook();
    await api(host.origin, "POST", "/settings/webhooks", staff, { name: "Ops alerts", webhookUrl: ops.url, type: "SECURITY", scope: "ADMIN" });
    const gone = host.fake.addWebhook();
    const created = await api(host.origin, "POST", "/settings/webhooks", staff, { name: "Billing desk", webhookUrl: gone.url, type: "BILLING", scope: "ADMIN" });
    host.fake.removeWebhook(gone.id);
    await api(host.origin, "POST", `/settings/webhooks/${created.json.webhook.id}/test`, staff, {});
    for (const scheme of ["dark", "light"] as const) {
      const admin = await open(staff, scheme);
      for (const name of [NAME, "Ops alerts", "Billing desk"]) await card(admin, name).waitFor();
      expect(await card(admin, "Billing desk").getByTestId("why").textContent()).toContain("Discord deleted this webhook");
      await card(admin, NAME).getByRole("button", { name: "Deliveries" }).click();
      await card(admin, NAME).locator('[data-testid="delivery"]').first().waitFor();
      await expectAccessible(admin);
      await admin.mouse.move(0, 0);
      await admin.screenshot({ path: join(DOCS, scheme === "dark" ? "panel-admin.png" : "panel-admin-light.png"), fullPage: true });

      const customer = await open(carol, scheme);
      await card(customer, NAME).getByRole("button", { name: "Preview" }).click();
      await card(customer, NAME).locator(".preview").first().waitFor();
      expect(await customer.locator('[data-testid="webhook"]').count()).toBe(1);
      await expectAccessible(customer);
      await customer.mouse.move(0, 0);
      await customer.screenshot({ path: join(DOCS, scheme === "dark" ? "panel-customer.png" : "panel-customer-light.png"), fullPage: true });
    }
  });

  it("keyboard: every control is reachable with Tab and shows a focus ring", async () => {
    const kb = await open(carol);
    await card(kb, NAME).waitFor();
    await kb.keyboard.press("Tab");
    await kb.keyboard.press("Tab");
    const focused = await kb.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { tag: el.tagName, outline: getComputedStyle(el).outlineStyle };
    });
    expect(focused).toEqual({ tag: "BUTTON", outline: "solid" });
    await kb.keyboard.press("Enter"); // "Send test" of the first card, by keyboard
    await expect.poll(() => card(kb, NAME).getByTestId("result").textContent()).toMatch(/Test message sent|Failed/);
  });

  it("no token on any page, no script error, no alert", async () => {
    for (const c of contexts) for (const p of c.pages()) {
      const html = await p.content();
      for (const w of host.fake.webhooks()) expect(html.includes(w.token), "a token on the page").toBe(false);
    }
    expect(pageErrors).toEqual([]);
    expect(dialogs.every((d) => d.startsWith("confirm"))).toBe(true);
    expect(host.errors).toEqual([]);
  });
});

async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}
