// The Discord fake's inbox in headless Chromium, for what happens to messages after "post once": an edited message
// ("(edited)" and its history), a deleted one (gone), a forum post (title, tags, messages under it), a silent
// message, link buttons and attachments (an image inline, a file card). Drives the fake over real HTTP.
// Chromium is driven over the DevTools pipe (./cdp.ts), so this runs wherever /usr/bin/chromium does.
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake, type FakeWebhook } from "../../src/testing/index.js";
import { openPage, type CdpPage } from "./cdp.js";
import { ARTIFACTS, ROOT } from "./helpers.js";

const TAG_CRASH = "1234567890123456789";
const TAG_MC1 = "1234567890123456790";

let fake: DiscordFake;
let page: CdpPage;
let alerts: FakeWebhook;
let forum: FakeWebhook;

/** The entry (`.dm-entry`) whose text contains `text`, as a page expression (`null` when none). */
const entry = (text: string): string =>
  `[...document.querySelectorAll(".dm-entry")].filter((n) => n.offsetParent !== null && n.textContent.includes(${JSON.stringify(text)})).at(-1) ?? null`;
/** `innerText` of every element matching `selector` inside the entry with `text`. */
const texts = (text: string, selector: string): Promise<string[]> =>
  page.evaluate(`[...(${entry(text)})?.querySelectorAll(${JSON.stringify(selector)}) ?? []].map((n) => n.innerText)`);

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

/** Shows the element of `expression` at the top of the view and writes `name` to test-artifacts (and docs/ with UPDATE_DOCS_SCREENSHOT=1). */
async function screenshot(name: string, expression: string): Promise<void> {
  await page.evaluate(`(${expression}).scrollIntoView({ block: "start" })`);
  const path = join(ARTIFACTS, name);
  writeFileSync(path, await page.screenshot());
  if (process.env.UPDATE_DOCS_SCREENSHOT === "1") copyFileSync(path, join(ROOT, "docs", name));
}

/** Clicks the sidebar button whose label is `label`. */
const showChannel = (label: string): Promise<void> =>
  page.evaluate(`[...document.querySelectorAll(".channel-item")].find((b) => b.textContent.includes(${JSON.stringify(label)})).click()`);

beforeAll(async () => {
  fake = await createDiscordFake({ timeScale: 0.01 });
  alerts = fake.addWebhook({ name: "Alerts" });
  forum = fake.addWebhook({ name: "Crash reports", channelType: "forum", tags: [{ id: TAG_CRASH, name: "crash" }, { id: TAG_MC1, name: "mc-1" }] });
  page = await openPage(1280, 800);
  // A small chart to attach as an image, drawn by the browser itself.
  const chartHtml =
    '<body style="margin:0"><div style="width:320px;height:160px;background:#1e1f22;display:flex;align-items:flex-end;gap:8px;padding:12px;box-sizing:border-box">' +
    [30, 55, 40, 80, 120, 95, 136, 60].map((h, i) => `<div style="flex:1;height:${String(h)}px;background:${i === 6 ? "#f23f43" : "#5865f2"};border-radius:3px"></div>`).join("") +
    "</div></body>";
  await page.goto(`data:text/html,${encodeURIComponent(chartHtml)}`);
  const chart = new Uint8Array(await page.screenshot({ x: 0, y: 0, width: 320, height: 160 }));

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

  page.requests.length = 0;
  await page.goto(fake.inboxUrl);
  await page.waitFor(entry("Heap raised"));
});

afterAll(async () => {
  await page?.close();
  await fake?.close();
});

describe("the inbox: edits, deletions, forum posts, silent messages, buttons and files", () => {
  it("shows an edited message once, as edited, with its earlier version in the history", async () => {
    expect(await page.evaluate(`document.querySelectorAll(".dm-content").length`)).toBeGreaterThan(0);
    expect(await texts("mc-1 is online", ".dm-content > strong")).toEqual(["online"]);
    expect(await page.evaluate(`[...document.querySelectorAll(".dm-entry")].filter((n) => n.textContent.includes("mc-1 is online")).length`)).toBe(1);
    expect(await texts("mc-1 is online", ".dm-edited summary")).toEqual(["(edited)"]);
    expect(await page.evaluate(`(${entry("mc-1 is online")}).querySelector(".dm-edited summary").title`)).toContain("mc-1 is **starting**");
    await page.evaluate(`(${entry("mc-1 is online")}).querySelector(".dm-edited").open = true`);
    expect(await texts("mc-1 is online", ".dm-edit-history li .dm-edit-before")).toEqual(["mc-1 is **starting**"]);
  });

  it("removes a deleted message", async () => {
    expect(await page.evaluate(entry("gets deleted"))).toBeNull();
    expect(await page.evaluate(`document.body.textContent.includes("gets deleted")`)).toBe(false);
  });

  it("marks a silent message with @silent, and only that one", async () => {
    expect(await texts("Nightly backup", ".dm-silent")).toEqual(["@silent"]);
    expect(await page.evaluate(`document.querySelectorAll(".dm-silent").length`)).toBe(1);
  });

  it("renders link buttons and attachments: the image inline, the log as a file card", async () => {
    const crash = "mc-1 crashed: exit code 137";
    expect(await texts(crash, "a.dm-button")).toEqual(["Open in panel", "Console"]);
    expect(await page.evaluate(`(${entry(crash)}).querySelector("a.dm-button").href`)).toBe("https://panel.example/servers/mc-1");
    expect(await texts(crash, ".dm-file-name")).toEqual(["crash.log"]);
    expect(await texts(crash, ".dm-file-size")).toEqual(["1.72 KB"]);
    await page.waitFor(`(${entry(crash)}).querySelector(".dm-attachment-image img").naturalWidth === 320`);
  });

  it("shows a forum post with its title and tags, and its later messages under it", async () => {
    expect(await page.evaluate(`document.querySelector(".dm-forum-post .dm-forum-title").innerText`)).toBe("mc-1 crashed at 03:12");
    expect(await page.evaluate(`[...document.querySelectorAll(".dm-forum-post .dm-forum-tag")].map((n) => n.innerText)`)).toEqual(["crash", "mc-1"]);
    expect(await page.evaluate(`document.querySelector(".dm-forum-post .dm-embed-title").innerText`)).toBe("mc-1 crashed");
    expect(await page.evaluate(`[...document.querySelectorAll(".dm-forum-post .dm-post-messages .dm-content")].map((n) => n.innerText)`)).toEqual([
      "Restarted automatically; online again.",
      "Heap raised to 6 GB.",
    ]);
  });

  it("updates live when a message is edited and deleted after the page loaded", async () => {
    const m = await send(alerts, "POST", "?wait=true", { content: "live: before" });
    await page.waitFor(entry("live: before"));
    await send(alerts, "PATCH", `/messages/${String(m.id)}`, { content: "live: after" });
    await page.waitFor(`(${entry("live: after")})?.querySelector(".dm-edited")`);
    expect(await page.evaluate(`[...document.querySelectorAll(".dm-entry")].filter((n) => n.textContent.includes("live: ")).length`)).toBe(1);
    await send(alerts, "DELETE", `/messages/${String(m.id)}`, undefined);
    await page.waitFor(`!(${entry("live: after")})`);
  });

  it("counts only messages still there", async () => {
    await showChannel("# alerts");
    expect(await page.evaluate(`document.getElementById("view-count").textContent`)).toBe("3 entries");
    expect(await page.evaluate(`document.querySelectorAll(".dm-entry:not([hidden])").length`)).toBe(3);
  });

  it("loads with no script error and requests nothing from elsewhere", () => {
    expect(page.errors).toEqual([]);
    expect(page.requests.filter((u) => !u.startsWith(fake.url))).toEqual([]);
  });

  it("keeps screenshots (inbox-edited.png, inbox-files-buttons.png, inbox-forum.png)", async () => {
    await showChannel("# alerts");
    await page.evaluate(`(${entry("mc-1 is online")}).querySelector(".dm-edited").open = true`);
    await screenshot("inbox-edited.png", `document.querySelector(".dm-entry")`);
    await page.evaluate(`document.querySelector(".all").click()`);
    await screenshot("inbox-files-buttons.png", entry("Nightly backup"));
    await showChannel("# crash-reports");
    await screenshot("inbox-forum.png", `document.querySelector(".dm-forum-post")`);
  });
});
