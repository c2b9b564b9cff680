/**
 * The drop-in panel served by `createWebhookRoutes({ panel: true })`: the page at `{basePath}/` for browsers, and
 * two helper routes its script calls (previews of each event family and a logged message, rendered as Discord shows
 * them). Everything else the page does goes through the ordinary JSON routes, so it sees exactly what they allow.
 */
import { SAMPLE_INPUTS } from "../cli/samples.js";
import { embeds, type Branding, type EventName } from "../embeds/index.js";
import { EVENT_WEBHOOK_TYPES } from "../embeds/events.js";
import { readJsonBody, type BodyLimits } from "../http/body.js";
import { HttpError, json } from "../http/responses.js";
import { renderMessageHtml } from "../render/index.js";
import { WEBHOOK_TYPES, type WebhookType } from "../types.js";
import type { Actor } from "../webhooks/types.js";
import { resolveLabels, type PanelLabels, type PanelLabelsInput } from "./labels.js";
import { panelCsp, renderPanelPage, renderSignInPage } from "./page.js";

export { DEFAULT_PANEL_LABELS, resolveLabels } from "./labels.js";
export type { PanelLabels, PanelLabelsInput } from "./labels.js";

/** Options of the panel (`panel: { ... }` of `createWebhookRoutes`). */
export interface PanelOptions {
  /** The branding your dispatcher uses (footer, username), so the previews look like what Discord will show. */
  branding?: Branding;
}

/** What the routes hand the panel. */
export interface PanelContext {
  base: string;
  labels?: PanelLabelsInput | undefined;
  options: PanelOptions;
  /** The routes' `authorize`, checked: throws a 401 `HttpError` for no one. */
  authorize: (request: Request) => Promise<Actor>;
  limits: BodyLimits;
  /** The routes' cross-site check (JSON or the app's own Origin), applied to the panel's POST too. */
  checkOrigin: (request: Request, method: string) => void;
}

/** Largest message body `/_panel/render` accepts (a logged body is at most 16 KiB, JSON-escaped once more). */
const RENDER_MAX_BYTES = 64 * 1024;

/**
 * Answers the panel's own requests (the page, `/_panel/preview`, `/_panel/render`), or `null` for any other
 * request (the JSON routes answer those).
 */
export function createPanelHandler(context: PanelContext): (request: Request) => Promise<Response | null> {
  const labels = resolveLabels(context.labels);
  const { base } = context;
  return async (request) => {
    const { pathname, searchParams } = new URL(request.url);
    if (base !== "" && pathname !== base && !pathname.startsWith(`${base}/`)) return null;
    const rest = pathname.slice(base.length);
    const method = request.method.toUpperCase();
    if ((rest === "" || rest === "/") && (method === "GET" || method === "HEAD") && wantsHtml(request.headers.get("accept"))) {
      return page(request, context, labels);
    }
    if (rest === "/_panel/preview" && method === "GET") {
      await context.authorize(request);
      return json(200, { previews: previews(searchParams, context.options.branding) });
    }
    if (rest === "/_panel/render" && method === "POST") {
      context.checkOrigin(request, method);
      await context.authorize(request);
      const body = await readJsonBody(request, { ...context.limits, maxBytes: Math.max(context.limits.maxBytes, RENDER_MAX_BYTES) });
      return json(200, { html: renderLogged(body) });
    }
    return null;
  };
}

async function page(request: Request, context: PanelContext, labels: PanelLabels): Promise<Response> {
  const headers = {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": await panelCsp(),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    vary: "Accept, Cookie, Authorization",
  };
  let actor: Actor;
  try {
    actor = await context.authorize(request);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) return new Response(renderSignInPage(labels), { status: 401, headers });
    throw error;
  }
  return new Response(renderPanelPage({ base: context.base, labels, actor }), { status: 200, headers });
}

/**
 * Whether an `Accept` header prefers HTML to JSON: a browser's navigation (`text/html,...,*\/*;q=0.8`) does,
 * `fetch()`'s default `*\/*` and `application/json` do not.
 */
export function wantsHtml(accept: string | null): boolean {
  if (!accept) return false;
  let html = 0;
  let jsonQ = 0;
  for (const part of accept.toLowerCase().split(",")) {
    const [type = "", ...params] = part.split(";").map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === "text/html") html = Math.max(html, q);
    if (type === "application/json") jsonQ = Math.max(jsonQ, q);
  }
  return html > 0 && html >= jsonQ;
}

/** One rendered sample message per event family of `?type=` (all families without it). */
function previews(query: URLSearchParams, branding: Branding | undefined): { family: EventName; html: string }[] {
  const type = query.get("type");
  if (type !== null && !(WEBHOOK_TYPES as readonly string[]).includes(type)) throw new HttpError(400, "VALIDATION", "Unknown webhook type.");
  const name = (query.get("name") ?? "").slice(0, 80);
  const families = (Object.keys(EVENT_WEBHOOK_TYPES) as EventName[]).filter((f) => type === null || EVENT_WEBHOOK_TYPES[f] === (type as WebhookType));
  return families.map((family) => {
    const embed = buildSample(family, branding);
    const message = { ...(branding?.username ? { username: branding.username } : {}), embeds: [embed] };
    return { family, html: renderMessageHtml(message, { defaultUsername: name || "Webhook", styleAttributes: false }) };
  });
}

function buildSample<K extends EventName>(family: K, branding: Branding | undefined): ReturnType<(typeof embeds)[K]> {
  const build = embeds[family] as (input: unknown, options?: { branding?: Branding }) => ReturnType<(typeof embeds)[K]>;
  return build(SAMPLE_INPUTS[family], branding ? { branding } : {});
}

/** `{ body }` (the logged JSON text, or the object) rendered as Discord shows it. */
function renderLogged(input: unknown): string {
  const raw = typeof input === "object" && input !== null ? (input as { body?: unknown; name?: unknown }).body : undefined;
  const name = typeof input === "object" && input !== null ? (input as { name?: unknown }).name : undefined;
  let message: unknown = raw;
  if (typeof raw === "string") {
    try {
      message = JSON.parse(raw);
    } catch {
      throw new HttpError(400, "VALIDATION", "body is not JSON (a cut log entry cannot be shown).");
    }
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) throw new HttpError(400, "VALIDATION", "body must be a message object.");
  return renderMessageHtml(message, {
    defaultUsername: typeof name === "string" && name !== "" ? name.slice(0, 80) : "Webhook",
    styleAttributes: false,
  });
}
