// Starts the demo from the built command line (`node dist/cli.js demo --serve`, as a user would) and opens its
// inbox in headless Chromium, recording script errors and any request that leaves the inbox.
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { SAMPLE_INPUTS } from "../../src/cli/samples.js";
import { embeds, type DiscordEmbed } from "../../src/index.js";
import { eventually, freePort, ROOT, startApp, type RunningApp } from "./helpers.js";

export interface OpenInbox {
  app: RunningApp;
  browser: Browser;
  page: Page;
  /** The inbox URL the demo printed. */
  inbox: string;
  /** `DISCORD_API_BASE_URL` the demo printed. */
  apiBaseUrl: string;
  pageErrors: string[];
  /** Requests to anything but the inbox (fonts, images, scripts from elsewhere). */
  foreignRequests: string[];
}

const builders = embeds as unknown as Record<string, (input: unknown) => DiscordEmbed>;
/** Every builder's embed for the demo's sample input, as the demo sends it. */
export const SAMPLES = Object.entries(SAMPLE_INPUTS).map(([name, input]) => ({ name, embed: builders[name]!(input) }));

/** A colour integer as the browser reports it. */
export const rgb = (color: number) => `rgb(${color >> 16}, ${(color >> 8) & 255}, ${color & 255})`;

/** Runs the demo with --serve and opens its inbox once the demo's entries are on the page. */
export async function openInboxAfterDemo(): Promise<OpenInbox> {
  const port = await freePort();
  const app = await startApp("demo --serve", process.execPath, [join(ROOT, "dist", "cli.js"), "demo", "--serve", "--port", String(port)], {
    cwd: ROOT,
    port,
    healthPath: "/inbox/state",
    env: {},
  });
  await eventually(() => app.output(), (out) => out.includes("Press Ctrl-C to stop."), 60_000);
  if (!app.output().includes("All deliveries settled: nothing lost.")) throw new Error(`the demo lost deliveries:\n${app.output()}`);
  const inbox = /^Inbox .*: (http:\/\/\S+\/)$/m.exec(app.output())![1]!;
  const apiBaseUrl = /^DISCORD_API_BASE_URL=(\S+)$/m.exec(app.output())![1]!;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
    // launch() always starts Chromium with a fresh, throw-away user-data-dir of its own.
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("request", (r) => {
    if (!r.url().startsWith(inbox)) foreignRequests.push(r.url());
  });
  await page.goto(inbox);
  await eventually(() => page.locator(".dm-entry").count(), (n) => n > 30, 15_000);
  return { app, browser, page, inbox, apiBaseUrl, pageErrors, foreignRequests };
}
