// The Discord fake's inbox in headless Chromium, after the demo's events: runs the built command line
// (`node dist/cli.js demo --serve`) as a user would, then checks what the page renders.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_INPUTS } from "../../src/cli/samples.js";
import { HOSTILE_SERVER_NAME, SHOWCASE_EMBED } from "../../src/cli/demo-showcase.js";
import { embeds, type DiscordEmbed } from "../../src/index.js";
import { ARTIFACTS, eventually, freePort, ROOT, startApp, type RunningApp } from "./helpers.js";

let app: RunningApp;
let browser: Browser;
let page: Page;
let inbox: string;
let pageErrors: string[] = [];
let foreignRequests: string[] = [];

const builders = embeds as unknown as Record<string, (input: unknown) => DiscordEmbed>;
/** Every builder's embed for the demo's sample input, as the demo sends it. */
const SAMPLES = Object.entries(SAMPLE_INPUTS).map(([name, input]) => ({ name, embed: builders[name]!(input) }));

const rgb = (color: number) => `rgb(${color >> 16}, ${(color >> 8) & 255}, ${color & 255})`;

beforeAll(async () => {
  const port = await freePort();
  app = await startApp("demo --serve", process.execPath, [join(ROOT, "dist", "cli.js"), "demo", "--serve", "--port", String(port)], {
    cwd: ROOT,
    port,
    healthPath: "/inbox/state",
    env: {},
  });
  await eventually(() => app.output(), (out) => out.includes("Press Ctrl-C to stop."), 60_000);
  expect(app.output()).toContain("All deliveries settled: nothing lost.");
  inbox = /^Inbox .*: (http:\/\/\S+\/)$/m.exec(app.output())![1]!;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
    // launch() always starts Chromium with a fresh, throw-away user-data-dir of its own.
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Nothing but the inbox itself may be requested: no fonts, images or scripts from elsewhere.
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(inbox)) foreign.push(r.url());
  });
  await page.goto(inbox);
  await eventually(() => page.locator(".dm-entry").count(), (n) => n > 30, 15_000);
  pageErrors = errors;
  foreignRequests = foreign;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The embed whose title is `title` (the first one). */
const embedTitled = (title: string) => page.locator(".dm-embed", { has: page.locator(".dm-embed-title", { hasText: title }) }).first();

describe("the inbox after the demo, in headless Chromium", () => {
  it("loads with no script error and requests nothing but itself (no remote fonts, images or scripts)", () => {
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it("lists every channel and webhook on the left, live", async () => {
    await expect.poll(() => page.locator("#live").textContent()).toBe("live");
    expect(await page.locator(".channel-item").count()).toBe(21);
    expect(await page.locator(".webhook-item").count()).toBe(21);
    expect(await page.locator(".channel-item", { hasText: "# game_server-admin" }).count()).toBe(1);
  });

  it("renders every builder's embed with its title, colour bar, fields and footer", async () => {
    for (const { name, embed } of SAMPLES) {
      const el = embedTitled(embed.title!);
      await el.waitFor();
      expect(await el.evaluate((n) => getComputedStyle(n).borderLeftColor), name).toBe(rgb(embed.color!));
      const fieldNames = await el.locator(".dm-field-name").allInnerTexts();
      expect(fieldNames, name).toEqual((embed.fields ?? []).map((f) => f.name.replace(/\\(.)/g, "$1")));
      expect(await el.locator(".dm-footer-text").innerText(), name).toBe("Acme Hosting (demo)");
    }
  });

  it("puts inline fields three to a row", async () => {
    const billing = embedTitled(SAMPLES.find((s) => s.name === "billingEvent")!.embed.title!);
    const boxes = await billing.locator(".dm-field").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y })));
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    expect(boxes[1]!.y).toBe(boxes[0]!.y);
    expect(boxes[2]!.y).toBe(boxes[0]!.y);
    expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x);
    expect(boxes[1]!.x).toBeLessThan(boxes[2]!.x);
  });

  it("shows a message of 10 embeds (the packed burst) in #game_server-admin", async () => {
    await page.locator(".channel-item", { hasText: "# game_server-admin" }).click();
    const counts = await page.locator(".dm-message").evaluateAll((els) => els.map((e) => e.querySelectorAll(".dm-embed").length));
    expect(counts).toContain(10);
    expect(Math.max(...counts)).toBe(10);
    await page.locator(".all").click();
  });

  it("renders Discord's markdown, a linked title, author, thumbnail and image boxes", async () => {
    const el = embedTitled(SHOWCASE_EMBED.title);
    expect(await el.locator(".dm-embed-title a").getAttribute("href")).toBe(SHOWCASE_EMBED.url);
    expect(await el.locator(".dm-embed-author-name").innerText()).toBe("Acme Ops");
    const d = el.locator(".dm-embed-description");
    expect(await d.locator("strong").first().innerText()).toBe("bold");
    expect(await d.locator("em").first().innerText()).toBe("italic");
    expect(await d.locator("u").innerText()).toBe("underline");
    expect(await d.locator("s").innerText()).toBe("strike");
    expect(await d.locator("code.md-code").innerText()).toBe("inline code");
    expect(await d.locator("a.md-link").getAttribute("href")).toBe("https://example.com/docs");
    expect(await d.locator("blockquote").innerText()).toBe("a block quote");
    expect(await d.locator("pre code").innerText()).toContain("systemctl restart");
    expect(await d.innerText()).toContain("*escaped* characters stay as they are");
    expect(await el.locator(".dm-embed-thumbnail").getAttribute("title")).toBe(SHOWCASE_EMBED.thumbnailUrl);
    expect(await el.locator(".dm-embed-image").getAttribute("title")).toBe(SHOWCASE_EMBED.imageUrl);
    expect(await el.evaluate((n) => getComputedStyle(n).borderLeftColor)).toBe(rgb(SHOWCASE_EMBED.color));
  });

  it("shows user text full of markdown characters literally, as Discord does (the builders escaped it)", async () => {
    const d = page.locator(".dm-embed-description", { hasText: "mc_*prod*_1" });
    expect(await d.innerText()).toContain(HOSTILE_SERVER_NAME);
    expect(await d.locator("em").count()).toBe(0);
    expect(await d.locator("strong").allInnerTexts()).toEqual([HOSTILE_SERVER_NAME, "online"]);
  });

  it("shows 429s, faults and validation errors as what they are", async () => {
    const limited = page.locator('[data-kind="rate-limited"]');
    expect(await limited.first().innerText()).toMatch(/429\s+Rate limited \(scope user\)/);
    expect(await page.locator('[data-kind="fault"]').first().innerText()).toMatch(/503\s+Injected fault: 503 Service Unavailable/);
    const invalid = page.locator('[data-kind="invalid"]').first();
    expect(await invalid.innerText()).toContain("Invalid Form Body (code 50035)");
    expect(await invalid.innerText()).toContain("embeds.0.title: Must be 256 or fewer in length.");
    expect(await page.content()).not.toMatch(/webhooks\/\d+\/(?!\*\*\*)[\w-]{20,}/); // no token on the page
  });

  it("keeps a screenshot (test-artifacts/inbox.png; UPDATE_DOCS_SCREENSHOT=1 also writes docs/inbox.png)", async () => {
    await page.setViewportSize({ width: 1280, height: 1080 }); // the whole channel in view
    await page.locator(".channel-item", { hasText: "# custom-admin" }).click();
    // The showcase message at the top of the view, its channel in the sidebar.
    await page.locator(".dm-entry", { has: page.locator(".dm-embed-title", { hasText: SHOWCASE_EMBED.title }) }).evaluate((n) => n.scrollIntoView({ block: "start" }));
    await page.locator(".channel-item", { hasText: "# custom-admin" }).evaluate((n) => n.scrollIntoView({ block: "center" }));
    const path = join(ARTIFACTS, "inbox.png");
    await page.screenshot({ path });
    if (process.env.UPDATE_DOCS_SCREENSHOT === "1") copyFileSync(path, join(ROOT, "docs", "inbox.png"));
    await page.locator(".all").click();
  });

  it("adds a webhook with the button; a hostile message to it appears live, escaped, and runs nothing", async () => {
    await page.locator("#new-name").fill("From the button");
    await page.locator("#add-webhook").click();
    const url = await page.locator("#added .url").innerText();
    const m = /webhooks\/(\d+)\/([\w-]+)$/.exec(url)!;
    const api = /^DISCORD_API_BASE_URL=(\S+)$/m.exec(app.output())![1]!;
    const hostile = '<img src=x onerror="window.xss=1"><script>window.xss=1</script>';
    const res = await fetch(`${api}/webhooks/${m[1]!}/${m[2]!}?wait=true`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: hostile, content: `${hostile} [x](javascript:window.xss=1)`, embeds: [{ title: hostile, description: hostile, color: 0xed4245 }] }),
    });
    expect(res.status).toBe(200);
    const entry = page.locator(".dm-entry", { has: page.locator(".dm-username", { hasText: "<img" }) });
    await entry.waitFor({ timeout: 10_000 });
    expect(await entry.locator(".dm-content").innerText()).toContain(hostile);
    expect(await entry.locator("img, script:not([src]), iframe").count()).toBe(0);
    expect(await entry.locator("a").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined();
    expect(await page.locator(".webhook-item", { hasText: "From the button" }).count()).toBe(1);
  });

});
