/**
 * The inbox's HTTP side, served by the Discord fake beside the API: the page at `/`, its script and styles, the
 * timeline as JSON, server-sent events that say "something changed", and a button's route that adds a webhook.
 * Nothing here counts as a Discord request (not in `fake.requests()` or `stats()`).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { maskWebhookUrl } from "../../discord/redact.js";
import type { FakeEvent } from "../discord-fake/events.js";
import type { AddFakeWebhookInput, FakeAttachment, FakeForumPost, FakeWebhook } from "../discord-fake/types.js";
import { createFeed } from "./feed.js";
import { INBOX_HTML, INBOX_SCRIPT } from "./page.js";
import { INBOX_STATE_VERSION, type InboxState } from "./state.js";
import { INBOX_CSS } from "./styles.js";

/** What the inbox needs from the fake. */
export interface InboxDeps {
  /** The fake's registered webhooks, by id (read, never written). */
  webhooks: ReadonlyMap<string, FakeWebhook>;
  addWebhook(input: AddFakeWebhookInput): FakeWebhook;
  /** The forum post of a thread id, when it is one. */
  forumPost(threadId: string): FakeForumPost | undefined;
  /** A file a message carries (not deleted), by attachment id, for the page's inline images. */
  attachment(id: string): FakeAttachment | undefined;
}

/** The inbox of one fake. */
export interface Inbox {
  /** Serves the request when it is an inbox route; returns `false` to let the Discord API handle it. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes an event of the fake into the timeline. */
  record(event: FakeEvent): void;
  /** Tells open pages to refresh (webhooks changed). */
  notify(): void;
  /** Empties the timeline (`fake.reset()`). */
  clear(): void;
  /** Ends the event streams. */
  close(): void;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MAX_ADD_BODY = 4096;

/** Creates the inbox; the fake routes requests and events to it. */
export function createInbox(deps: InboxDeps): Inbox {
  // Remembered so a removed webhook's old messages keep their names.
  const known = new Map<string, { name: string; channel: string; channelId: string }>();
  const label = (id: string): { name: string; channel: string } | null => {
    const w = deps.webhooks.get(id);
    if (w) known.set(id, { name: w.name, channel: channelName(deps.webhooks, w.channelId), channelId: w.channelId });
    return known.get(id) ?? null;
  };
  const feed = createFeed(label, (id) => deps.forumPost(id));
  const streams = new Set<ServerResponse>();
  let epoch = randomBytes(6).toString("hex");
  let pending: NodeJS.Timeout | null = null;
  const notify = (): void => {
    // Coalesce bursts: a page refreshes at most every 50 ms, however many messages arrive.
    pending ??= setTimeout(() => {
      pending = null;
      for (const res of streams) res.write(`data: ${String(feed.seq)}\n\n`);
    }, 50).unref();
  };
  const state = (after: number): InboxState => ({
    version: INBOX_STATE_VERSION,
    epoch,
    seq: feed.seq,
    webhooks: [...deps.webhooks.values()].map((w) => ({
      id: w.id,
      name: w.name,
      channelId: w.channelId,
      channel: channelName(deps.webhooks, w.channelId),
      url: maskWebhookUrl(w.url),
    })),
    entries: feed.entries(after).map((e) => ({ ...e, channelId: e.webhookId === null ? null : (known.get(e.webhookId)?.channelId ?? null) })),
  });

  return {
    handle(req, res) {
      const url = new URL(req.url ?? "/", "http://inbox.invalid");
      const route = `${req.method ?? "GET"} ${url.pathname}`;
      switch (route) {
        case "GET /":
        case "GET /inbox":
          send(res, 200, "text/html; charset=utf-8", INBOX_HTML);
          return true;
        case "GET /inbox/app.js":
          send(res, 200, "text/javascript; charset=utf-8", INBOX_SCRIPT);
          return true;
        case "GET /inbox/app.css":
          send(res, 200, "text/css; charset=utf-8", INBOX_CSS);
          return true;
        case "GET /inbox/state": {
          const after = Number(url.searchParams.get("after") ?? "0");
          const fresh = url.searchParams.get("epoch") !== epoch;
          send(res, 200, "application/json", JSON.stringify(state(fresh || !Number.isFinite(after) ? 0 : after)));
          return true;
        }
        case "GET /inbox/events":
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
          res.write(`retry: 1000\ndata: ${String(feed.seq)}\n\n`);
          streams.add(res);
          res.on("close", () => streams.delete(res));
          return true;
        case "POST /inbox/webhooks":
          addFromPage(req, res, deps, notify).catch(() => {
            res.destroy(); // never an unhandled rejection in the host process
          });
          return true;
        default:
          if (req.method === "GET" && url.pathname.startsWith("/inbox/attachments/")) {
            sendAttachment(res, deps.attachment(url.pathname.slice("/inbox/attachments/".length)));
            return true;
          }
          return false;
      }
    },
    record(event) {
      if (feed.record(event)) notify();
    },
    notify,
    clear() {
      feed.clear();
      epoch = randomBytes(6).toString("hex");
      notify();
    },
    close() {
      if (pending) clearTimeout(pending);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/i;

/** A message's file: images (never SVG) as themselves for `<img>`, anything else as a download. 404 when unknown. */
function sendAttachment(res: ServerResponse, a: FakeAttachment | undefined): void {
  if (!a) {
    send(res, 404, "text/plain; charset=utf-8", "Not found");
    return;
  }
  const image = INLINE_IMAGE.test(a.contentType ?? "");
  res.writeHead(200, {
    "content-type": image ? (a.contentType ?? "") : "application/octet-stream",
    "content-length": String(a.data.byteLength),
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    ...(image ? {} : { "content-disposition": "attachment" }),
  });
  res.end(a.data);
}

/** A channel's label: the name of its first webhook, lower-cased (the fake has no channel names). */
function channelName(webhooks: ReadonlyMap<string, FakeWebhook>, channelId: string): string {
  let first: FakeWebhook | undefined;
  for (const w of webhooks.values()) {
    if (w.channelId === channelId) {
      first = w;
      break;
    }
  }
  return (first?.name ?? `channel-${channelId.slice(-4)}`).toLowerCase().replace(/\s+/g, "-");
}

/**
 * The page's "Add webhook" button. Only JSON is accepted, so a form on another site cannot add webhooks (a
 * cross-origin JSON POST needs a CORS preflight the inbox never grants). The answer carries the new webhook's
 * URL: its token is one the fake made up, for pasting into the app under test.
 */
async function addFromPage(req: IncomingMessage, res: ServerResponse, deps: InboxDeps, notify: () => void): Promise<void> {
  if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
    send(res, 415, "application/json", JSON.stringify({ message: "Send JSON." }));
    return;
  }
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_ADD_BODY) break;
  }
  let name: string | undefined;
  try {
    const body = text.trim() === "" ? {} : (JSON.parse(text) as unknown);
    const raw = typeof body === "object" && body !== null ? (body as Record<string, unknown>).name : undefined;
    name = typeof raw === "string" && raw.trim() !== "" ? raw.trim().slice(0, 80) : undefined;
  } catch {
    send(res, 400, "application/json", JSON.stringify({ message: "Invalid JSON." }));
    return;
  }
  const webhook = deps.addWebhook(name === undefined ? {} : { name });
  notify();
  send(res, 201, "application/json", JSON.stringify({ id: webhook.id, name: webhook.name, channelId: webhook.channelId, url: webhook.url }));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    "content-type": type,
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
  });
  res.end(body);
}
