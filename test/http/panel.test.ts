import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhookRoutes, renderMessageHtml } from "../../src/index.js";
import { wantsHtml } from "../../src/panel/index.js";
import { PANEL_SCRIPT } from "../../src/panel/client.js";
import { admin, alice } from "../webhooks/fixtures.js";
import { as, authorize, createHarness, type Harness } from "./harness.js";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
let h: Harness;
let routes: (request: Request) => Promise<Response>;

beforeAll(async () => {
  h = await createHarness();
  routes = createWebhookRoutes({ manager: h.manager, authorize, basePath: "/api/webhooks", panel: true, labels: { title: "Benachrichtigungen <b>", types: { BILLING: "Rechnungen" } } });
});
afterAll(() => h.close());

const get = (path: string, headers: Record<string, string>) => routes(new Request(`http://app.test/api/webhooks${path}`, { headers }));
const sha = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;
const inline = (html: string, tag: "script" | "style") => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => m[1]!);

describe("the drop-in panel page", () => {
  it("answers a browser at basePath/ with a self-contained page whose only script and style the CSP allows by hash", async () => {
    for (const path of ["/", ""]) {
      const res = await get(path, { accept: BROWSER_ACCEPT, ...as(alice) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await res.text();
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe");
      const scripts = inline(html, "script");
      const styles = inline(html, "style");
      expect(scripts).toHaveLength(1);
      expect(styles).toHaveLength(1);
      expect(csp).toContain(`script-src '${sha(scripts[0]!)}'`);
      expect(csp).toContain(`style-src '${sha(styles[0]!)}'`);
      // Nothing external, no inline handlers or style attributes.
      expect(html).not.toMatch(/\ssrc=|<link|\son[a-z]+=|\sstyle=|https?:\/\/(?!discord\.com\/api\/webhooks)/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("vary")).toContain("Accept");
    }
  });

  it("the JSON API is unchanged for fetch() and JSON clients, and says it varies on Accept", async () => {
    for (const accept of [undefined, "*/*", "application/json", "application/json, text/html;q=0.5"]) {
      const res = await get("", { ...(accept ? { accept } : {}), ...as(alice) });
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ webhooks: [] });
      expect(res.headers.get("vary")).toBe("Accept");
    }
    expect(wantsHtml(BROWSER_ACCEPT)).toBe(true);
    expect(wantsHtml("text/html;q=0, application/json")).toBe(false);
    // Without `panel`, a browser gets the JSON list as before.
    const plain = createWebhookRoutes({ manager: h.manager, authorize, basePath: "/api/webhooks" });
    const res = await plain(new Request("http://app.test/api/webhooks/", { headers: { accept: BROWSER_ACCEPT, ...as(alice) } }));
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("asks a signed-out visitor to sign in, without the app's script or config", async () => {
    const res = await get("/", { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain("Sign in to manage webhooks.");
    expect(html).not.toContain("<script");
    expect((await get("/_panel/preview", {})).status).toBe(401);
  });

  it("escapes labels and the actor id in the page; labels replace the defaults", async () => {
    const hostile = { userId: "</script><script>alert(1)</script>", isAdmin: false };
    const html = await (await get("/", { accept: BROWSER_ACCEPT, ...as(hostile) })).text();
    expect(html).toContain("<title>Benachrichtigungen &lt;b&gt;</title>");
    expect(inline(html, "script")).toEqual([PANEL_SCRIPT]);
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the config block and the script, nothing injected
    const config = JSON.parse(/<script type="application\/json" id="dwd-config">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(config.actor).toEqual(hostile);
    expect(config.labels.types.BILLING).toBe("Rechnungen");
    expect(config.labels.types.GAME_SERVER).toBe("Game servers");
    expect(config.base).toBe("/api/webhooks");
  });

  it("previews each event family of a type as Discord shows it, with no style attributes and hostile names escaped", async () => {
    const res = await get("/_panel/preview?type=SYSTEM&name=%3Cscript%3Ex%3C%2Fscript%3E", as(alice));
    expect(res.status).toBe(200);
    const { previews } = (await res.json()) as { previews: { family: string; html: string }[] };
    expect(previews.map((p) => p.family)).toEqual(["settingsUpdate", "syncCompletion"]);
    for (const p of previews) {
      expect(p.html).toContain('class="dm-embed"');
      expect(p.html).not.toContain(" style=");
    }
    expect((await get("/_panel/preview", as(admin))).status).toBe(200);
    expect((await get("/_panel/preview?type=NOPE", as(admin))).status).toBe(400);
  });

  it("renders a logged body (JSON text) for the log's expanded entries, escaped", async () => {
    const render = (body: unknown, headers: Record<string, string> = { "content-type": "application/json", ...as(alice) }) =>
      routes(new Request("http://app.test/api/webhooks/_panel/render", { method: "POST", headers, body: JSON.stringify(body) }));
    const body = JSON.stringify({ content: "<img src=x onerror=alert(1)>", embeds: [{ title: "<script>alert(1)</script>", color: 0xff0000 }] });
    const res = await render({ body, name: "Ops" });
    expect(res.status).toBe(200);
    const { html } = (await res.json()) as { html: string };
    expect(html).toBe(renderMessageHtml(JSON.parse(body), { defaultUsername: "Ops", styleAttributes: false }));
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('data-color="#ff0000"');
    expect((await render({ body: "{cut" })).status).toBe(400);
    expect((await render({ body }, { "content-type": "application/json" })).status).toBe(401);
    expect((await render({ body }, { "content-type": "text/plain", ...as(alice) })).status).toBe(415);
    expect((await render({ body }, { "content-type": "application/json", origin: "https://evil.example", ...as(alice) })).status).toBe(403);
  });

  it("each file of the panel stays small (<= 8 KB)", () => {
    const dir = join(import.meta.dirname, "..", "..", "src", "panel");
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size, f).toBeLessThanOrEqual(8192);
  });
});
