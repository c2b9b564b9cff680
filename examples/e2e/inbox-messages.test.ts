// The Discord fake's inbox in headless Chromium, for what happens to messages after "post once": an edited message
// ("(edited)" and its history), a deleted one (gone), a forum post (title, tags, messages under it), a silent
// message, link buttons and attachments (an image inline, a file card). Drives the fake over real HTTP.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { createDispatcher } from "../../src/index.js";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { ARTIFACTS, ROOT } from "./helpers.js";

const TAG_CRASH = "1234567890123456789";
const TAG_MC1 = "1234567890123456790";

let fake: DiscordFake;
let browser: Browser;
let page: Page;
let alerts: FakeWebhook;
let forum: FakeWebhook;
/** Uncaught exceptions of the page, and every URL it requested. */
const pageErrors: string[] = [];
const requests: string[] = [];

/** The last shown entry (`.dm-entry`) whose text contains `text`. */
const entry = (text: string): Locator => page.locator(".dm-entry:visible").filter({ hasText: text }).last();
/** `innerText` of every element matching `selector` inside the entry with `text`. */
const texts = (text: string, selector: string): Promise<string[]> => entry(text).locator(selector).allInnerTexts();
/** Opens the "(edited)" history of the entry with `text`. */
const openHistory = (text: string): Promise<void> =>
  entry(text)
    .locator(".dm-edited")
    .first()
    .evaluate((n: HTMLDetailsElement) => {
      n.open = true;
    });

/** A request to the fake's API: JSON, or multipart when files are given. */
async function send(hook: FakeWebhook, method: string, path: string, body: unknown, files: { name: string; data: Uint8Array<ArrayBuffer> | string; type: string }[] = []): Promise<Record<string, unknown>> {
  let init: RequestInit = { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  if (files.length > 0) {
    const form = new FormData();
    form.set("payload_json", JSON.stringify(body));
    files.forEach((f, i) => form.set(`files[${String(i)}]`, new Blob([f.data], { type: f.type }), f.name));
    init = { method, body: form };
  }
  const res = await fetch(`${fake.apiBaseUrl}/webhooks/${hook.id}/${hook.token}${path}`, init);
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

/** Shows `element` at the top of the view and writes `name` to test-artifacts (and docs/ with UPDATE_DOCS_SCREENSHOT=1). */
async function screenshot(name: string, element: Locator): Promise<void> {
  await element.evaluate((n) => n.scrollIntoView({ block: "start" }));
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  if (process.env.UPDATE_DOCS_SCREENSHOT === "1") copyFileSync(path, join(ROOT, "docs", name));
}

/** Clicks the sidebar button whose label is `label`. */
const showChannel = (label: string): Promise<void> => page.locator(".channel-item", { hasText: label }).first().click();

beforeAll(async () => {
  fake = await createDiscordFake({ timeScale: 0.01 });
  alerts = fake.addWebhook({ name: "Alerts" });
  forum = fake.addWebhook({ name: "Crash reports", channelType: "forum", tags: [{ id: TAG_CRASH, name: "crash" }, { id: TAG_MC1, name: "mc-1" }] });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
    // launch() always starts Chromium with a fresh, throw-away user-data-dir of its own.
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  // A small chart to attach as an image, drawn by the browser itself.
  const chartHtml =
    '<body style="margin:0"><div style="width:320px;height:160px;background:#1e1f22;display:flex;align-items:flex-end;gap:8px;padding:12px;box-sizing:border-box">' +
    [30, 55, 40, 80, 120, 95, 136, 60].map((h, i) => `<div style="flex:1;height:${String(h)}px;background:${i === 6 ? "#f23f43" : "#5865f2"};border-radius:3px"></div>`).join("") +
    "</div></body>";
  await page.goto(`data:text/html,${encodeURIComponent(chartHtml)}`);
  const chart = new Uint8Array(await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 160 } }));

  const edited = await send(alerts, "POST", "?wait=true", { content: "mc-1 is **starting**" });
  await send(alerts, "PATCH", `/messages/${String(edited.id)}`, { content: "mc-1 is **online** (took 41 s)" });
  const deleted = await send(alerts, "POST", "?wait=true", { content: "this message gets deleted" });
  await send(alerts, "DELETE", `/messages/${String(deleted.id)}`, undefined);
  await send(alerts, "POST", "?wait=true", { content: "Nightly backup of mc-1 finished", flags: 4096 });
  await send(
    alerts,
    "POST",
    "?wait=true&with_components=true",
    {
      content: "mc-1 crashed: exit code 137 (out of memory)",
      components: [{ type: 1, components: [
        { type: 2, style: 5, label: "Open in panel", url: "https://panel.example/servers/mc-1" },
        { type: 2, style: 5, label: "Console", url: "https://panel.example/servers/mc-1/console" },
      ] }],
    },
    [
      { name: "crash.log", data: "java.lang.OutOfMemoryError: Java heap space\n".repeat(40), type: "text/plain" },
      { name: "memory.png", data: chart, type: "image/png" },
    ],
  );
  const post = await send(forum, "POST", "?wait=true", { thread_name: "mc-1 crashed at 03:12", applied_tags: [TAG_CRASH, TAG_MC1], embeds: [{ title: "mc-1 crashed", description: "Exit code 137 (out of memory).", color: 0xed4245 }] });
  await send(forum, "POST", `?wait=true&thread_id=${String(post.id)}`, { content: "Restarted automatically; online again." });
  await send(fake.addWebhook({ name: "Other" }), "POST", "?wait=true", { content: "a message in another channel" });
  await send(forum, "POST", `?wait=true&thread_id=${String(post.id)}`, { content: "Heap raised to 6 GB." });

  requests.length = 0;
  await page.goto(fake.inboxUrl);
  await entry("Heap raised").waitFor({ timeout: 10_000 });
});

afterAll(async () => {
  await browser?.close();
  await fake?.close();
});

describe("the inbox: edits, deletions, forum posts, silent messages, buttons and files", () => {
  it("shows an edited message once, as edited, with its earlier version in the history", async () => {
    expect(await page.locator(".dm-content").count()).toBeGreaterThan(0);
    expect(await texts("mc-1 is online", ".dm-content > strong")).toEqual(["online"]);
    expect(await page.locator(".dm-entry").filter({ hasText: "mc-1 is online" }).count()).toBe(1);
    expect(await texts("mc-1 is online", ".dm-edited summary")).toEqual(["(edited)"]);
    expect(await entry("mc-1 is online").locator(".dm-edited summary").first().getAttribute("title")).toContain("mc-1 is **starting**");
    await openHistory("mc-1 is online");
    expect(await texts("mc-1 is online", ".dm-edit-history li .dm-edit-before")).toEqual(["mc-1 is **starting**"]);
  });

  it("removes a deleted message", async () => {
    expect(await entry("gets deleted").count()).toBe(0);
    expect(await page.evaluate(() => document.body.textContent.includes("gets deleted"))).toBe(false);
  });

  it("marks a silent message with @silent, and only that one", async () => {
    expect(await texts("Nightly backup", ".dm-silent")).toEqual(["@silent"]);
    expect(await page.locator(".dm-silent").count()).toBe(1);
  });

  it("renders link buttons and attachments: the image inline, the log as a file card", async () => {
    const crash = "mc-1 crashed: exit code 137";
    expect(await texts(crash, "a.dm-button")).toEqual(["Open in panel", "Console"]);
    expect(await entry(crash).locator("a.dm-button").first().evaluate((a: HTMLAnchorElement) => a.href)).toBe("https://panel.example/servers/mc-1");
    expect(await texts(crash, ".dm-file-name")).toEqual(["crash.log"]);
    expect(await texts(crash, ".dm-file-size")).toEqual(["1.72 KB"]);
    const image = entry(crash).locator(".dm-attachment-image img").first();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 10_000 }).toBe(320);
  });

  it("shows a forum post with its title and tags, and its later messages under it", async () => {
    expect(await page.locator(".dm-forum-post .dm-forum-title").first().innerText()).toBe("mc-1 crashed at 03:12");
    expect(await page.locator(".dm-forum-post .dm-forum-tag").allInnerTexts()).toEqual(["crash", "mc-1"]);
    expect(await page.locator(".dm-forum-post .dm-embed-title").first().innerText()).toBe("mc-1 crashed");
    expect(await page.locator(".dm-forum-post .dm-post-messages .dm-content").allInnerTexts()).toEqual([
      "Restarted automatically; online again.",
      "Heap raised to 6 GB.",
    ]);
  });

  it("updates live when a message is edited and deleted after the page loaded", async () => {
    const m = await send(alerts, "POST", "?wait=true", { content: "live: before" });
    await entry("live: before").waitFor({ timeout: 10_000 });
    await send(alerts, "PATCH", `/messages/${String(m.id)}`, { content: "live: after" });
    await entry("live: after").locator(".dm-edited").first().waitFor({ state: "attached", timeout: 10_000 });
    expect(await page.locator(".dm-entry").filter({ hasText: /live: / }).count()).toBe(1);
    await send(alerts, "DELETE", `/messages/${String(m.id)}`, undefined);
    await entry("live: after").waitFor({ state: "detached", timeout: 10_000 });
  });

  it("counts only messages still there", async () => {
    await showChannel("# alerts");
    expect(await page.locator("#view-count").textContent()).toBe("3 entries");
    expect(await page.locator(".dm-entry:not([hidden])").count()).toBe(3);
  });

  it("shows what the dispatcher sends: a file card and the panel button of an event's url, a learned forum post", async () => {
    const ops = fake.addWebhook({ name: "Ops" });
    const reports = fake.addWebhook({ name: "Reports", channelType: "forum" });
    const dispatcher = createDispatcher({
      store: memoryStore([
        { name: "ops", webhookUrl: ops.url, type: "GAME_SERVER", scope: "ADMIN" },
        { name: "reports", webhookUrl: reports.url, type: "GAME_SERVER", scope: "ADMIN" },
      ]),
      ...fake.dispatcherOptions(),
    });
    try {
      const result = await dispatcher.serverStateChange(
        { serverName: "mc-7", state: "crashed", url: "https://panel.example/servers/mc-7" },
        { files: [{ name: "mc-7-crash.log", data: "Exception in server tick loop\n".repeat(20), contentType: "text/plain" }] },
      );
      expect(result.deliveries.map((d) => d.status)).toEqual(["delivered", "delivered"]);
      await showChannel("# ops");
      const sent = page.locator(".dm-entry:visible").filter({ hasText: "mc-7" }).last();
      await sent.waitFor({ timeout: 10_000 });
      expect(await sent.locator(".dm-file-name").allInnerTexts()).toEqual(["mc-7-crash.log"]);
      expect(await sent.locator("a.dm-button").allInnerTexts()).toEqual(["Open server"]);
      expect(await sent.locator("a.dm-button").first().evaluate((a: HTMLAnchorElement) => a.href)).toBe("https://panel.example/servers/mc-7");
      // The forum webhook answered 220001 first; the dispatcher opened a post named after the embed's title.
      await showChannel("# reports");
      const post = page.locator(".dm-forum-post:visible").first();
      await post.waitFor({ timeout: 10_000 });
      expect(await post.locator(".dm-forum-title").innerText()).toBe("💥 Server crashed");
      expect(await post.innerText()).toContain("mc-7");
      expect(await post.locator(".dm-file-name").allInnerTexts()).toEqual(["mc-7-crash.log"]);
    } finally {
      await dispatcher.close();
    }
  });

  it("loads with no script error and requests nothing from elsewhere", () => {
    expect(pageErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(fake.url))).toEqual([]);
  });

  it("keeps screenshots (inbox-edited.png, inbox-files-buttons.png, inbox-forum.png)", async () => {
    await showChannel("# alerts");
    await openHistory("mc-1 is online");
    await screenshot("inbox-edited.png", page.locator(".dm-entry").first());
    await page.locator(".all").click();
    await screenshot("inbox-files-buttons.png", entry("Nightly backup"));
    await showChannel("# crash-reports");
    await screenshot("inbox-forum.png", page.locator(".dm-forum-post").first());
  });
});
