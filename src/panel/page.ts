/**
 * The panel's page shell: one HTML document with its styles and script inline, under a strict
 * Content-Security-Policy that allows exactly those two (by SHA-256 hash) and nothing else: no external assets,
 * no inline handlers, no style attributes, requests only to the page's own origin.
 */
import { escapeHtml } from "../render/escape.js";
import type { Actor } from "../webhooks/types.js";
import { PANEL_SCRIPT } from "./client.js";
import type { PanelLabels } from "./labels.js";
import { PANEL_CSS } from "./styles.js";

/** What the page's script is told about where it runs and who is looking. */
export interface PanelPageConfig {
  /** The routes' base path (`/api/webhooks`). */
  base: string;
  labels: PanelLabels;
  actor: Actor;
}

let policy: Promise<string> | undefined;

/** The page's Content-Security-Policy (hashes computed once, with Web Crypto: any runtime). */
export function panelCsp(): Promise<string> {
  policy ??= Promise.all([sha256(PANEL_SCRIPT), sha256(PANEL_CSS)]).then(
    ([script, style]) =>
      `default-src 'none'; script-src '${script}'; style-src '${style}'; connect-src 'self'; img-src 'none'; ` +
      `base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  return policy;
}

async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  let binary = "";
  for (const byte of new Uint8Array(digest)) binary += String.fromCharCode(byte);
  return `sha256-${btoa(binary)}`;
}

/** JSON that is safe inside a `<script type="application/json">` element (no `<`, `>`, `&`, U+2028/9). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The whole panel page. Every label and the actor's id are escaped (or JSON-encoded for the script). */
export function renderPanelPage(config: PanelPageConfig): string {
  const L = config.labels;
  return (
    `<!doctype html><html lang="${escapeHtml(L.lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">` +
    `<title>${escapeHtml(L.title)}</title><style>${PANEL_CSS}</style></head><body><main>` +
    `<h1>${escapeHtml(L.title)}</h1><p class="intro">${escapeHtml(L.intro)}</p>` +
    `<div class="bar"><button type="button" id="refresh">${escapeHtml(L.refresh)}</button></div>` +
    `<div id="notice" class="notice" role="status" aria-live="polite" data-testid="notice"></div>` +
    `<section id="list" aria-label="${escapeHtml(L.title)}" aria-busy="true"><p class="meta">${escapeHtml(L.loading)}</p></section>` +
    `<section class="card" aria-labelledby="add-h"><h2 id="add-h">${escapeHtml(L.add)}</h2><div id="add"></div></section>` +
    `</main><script type="application/json" id="dwd-config">${scriptJson(config)}</script>` +
    `<script>${PANEL_SCRIPT}</script></body></html>`
  );
}

/** A small page for a visitor `authorize` turned away. */
export function renderSignInPage(labels: PanelLabels): string {
  return (
    `<!doctype html><html lang="${escapeHtml(labels.lang)}"><head><meta charset="utf-8"><title>${escapeHtml(labels.title)}</title>` +
    `<style>${PANEL_CSS}</style></head><body><main><h1>${escapeHtml(labels.title)}</h1><p>${escapeHtml(labels.signIn)}</p></main></body></html>`
  );
}
