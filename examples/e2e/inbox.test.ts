// The Discord fake's inbox in headless Chromium, after the demo's events (see inbox-setup.ts): what the page renders.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_SERVER_NAME, SHOWCASE_EMBED } from "../../src/cli/demo-showcase.js";
import { ARTIFACTS, ROOT } from "./helpers.js";
import { openInboxAfterDemo, rgb, SAMPLES, type OpenInbox } from "./inbox-setup.js";

let open: OpenInbox;
let page: Page;

beforeAll(async () => {
  open = await openInboxAfterDemo();
  page = open.page;
});

afterAll(async () => {
  await open?.browser.close();
  await open?.app.stop();
});

/** The embed whose title is `title` (the first one). */
const embedTitled = (title: string) => page.locator(".dm-embed", { has: page.locator(".dm-embed-title", { hasText: title }) }).first();

describe("the inbox after the demo, in headless Chromium", () => {
  it("loads with no script error and requests nothing but itself (no remote fonts, images or scripts)", () => {
    expect(open.pageErrors).toEqual([]);
    expect(open.foreignRequests).toEqual([]);
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
    // The naive client's five plain messages go under one header, as Discord groups a sender's run.
    const plain = page.locator(".dm-entry", { hasText: /Plain POST \d of 6/ });
    expect(await plain.count()).toBe(5);
    expect(await page.locator(".dm-entry.dm-continued", { hasText: /Plain POST [2-5] of 6/ }).count()).toBe(4);
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
    const api = open.apiBaseUrl;
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
    await page.screenshot({ path: join(ARTIFACTS, "inbox-live.png") });
  });

});
