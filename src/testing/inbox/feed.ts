/**
 * The inbox's timeline: accepted messages rendered once, and every refusal (429, fault, validation error, unknown
 * webhook) described as what it is. Entries carry finished, escaped HTML; the page only inserts them.
 */
import type { FakeEvent } from "../discord-fake/events.js";
import type { FakeForumPost, FakeMessage, FakeRequest, FakeWebhook } from "../discord-fake/types.js";
import { escapeHtml, obj, str } from "../../render/escape.js";
import type { InboxStateEntry, InboxStateMessage } from "./state.js";
import { formatTime } from "../../render/time.js";
import { feedMessage, messageHtml, where } from "./message-entry.js";

/** One line of the timeline (the feed adds `channelId`). */
export type InboxEntry = Omit<InboxStateEntry, "channelId">;

/** An entry before anyone looked: rendering waits until a page asks, so tests and benches pay nothing. */
interface Pending {
  seq: number;
  kind: InboxEntry["kind"];
  webhookId: string | null;
  message?: InboxStateMessage;
  render: () => string;
  html?: string;
}

/** Names the inbox shows for a webhook id. */
export type WebhookLabel = (webhookId: string) => { name: string; channel: string } | null;

/** The forum post of a thread id, when it is one. */
export type ForumPostOf = (threadId: string) => FakeForumPost | undefined;

const MAX_ENTRIES = 5000;

/** The timeline and its sequence numbers. */
export interface Feed {
  readonly seq: number;
  entries(after: number): InboxEntry[];
  record(event: FakeEvent): boolean;
  clear(): void;
}

/** A fresh, empty timeline. */
export function createFeed(label: WebhookLabel, postOf: ForumPostOf = () => undefined): Feed {
  let entries: Pending[] = [];
  let seq = 0;
  const messageEntry = (m: FakeMessage, webhook: FakeWebhook): Pick<Pending, "render" | "message"> => ({
    render: () => messageHtml(m, webhook, label(m.webhookId), m.threadId === null ? undefined : postOf(m.threadId)),
    message: feedMessage(m),
  });
  const push = (kind: InboxEntry["kind"], webhookId: string | null, render: () => string, message?: InboxStateMessage): void => {
    seq += 1;
    entries.push({ seq, kind, webhookId, render, ...(message ? { message } : {}) });
    if (entries.length > 2 * MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
  };
  return {
    get seq() {
      return seq;
    },
    entries: (after) =>
      entries
        .filter((e) => e.seq > after)
        .map((e) => {
          e.html ??= e.render();
          return { seq: e.seq, kind: e.kind, webhookId: e.webhookId, ...(e.message ? { message: e.message } : {}), html: e.html };
        }),
    record(event) {
      if (event.kind === "message") {
        const { render, message } = messageEntry(event.message, event.webhook);
        push("message", event.message.webhookId, render, message);
        return true;
      }
      if (event.kind === "edited" || event.kind === "deleted") {
        // The message's entry changes in place and gets a new `seq`, so pages that saw it fetch it again.
        const entry = entries.find((e) => e.message?.id === event.message.id);
        if (!entry) return false;
        seq += 1;
        Object.assign(entry, { seq, html: undefined }, messageEntry(event.message, event.webhook));
        return true;
      }
      const described = describe(event);
      if (!described) return false;
      const { record } = event;
      push(described.kind, record.webhookId, () =>
        refusalHtml(described, record, where(record.webhookId === null ? null : label(record.webhookId), record.threadId)),
      );
      return true;
    },
    clear() {
      entries = [];
    },
  };
}

interface Described {
  kind: Exclude<InboxEntry["kind"], "message">;
  status: string;
  title: string;
  detail: string;
}

/** What a non-message event was, in words; `null` for answers that need no line (the 200 of a delivery). */
function describe(event: Extract<FakeEvent, { kind: "answer" | "unanswered" }>): Described | null {
  if (event.kind === "unanswered") {
    const hang = event.record.fault === "hang";
    return { kind: "fault", status: hang ? "hang" : "reset", title: `Injected fault: ${hang ? "no answer (hang)" : "connection reset"}`, detail: "" };
  }
  const { record, answer } = event;
  const status = String(answer.status);
  const body = obj(answer.body) ?? {};
  const message = str(body.message);
  const code = typeof body.code === "number" ? ` (code ${String(body.code)})` : "";
  if (record.fault === "status") return { kind: "fault", status, title: `Injected fault: ${status} ${message}`.trim(), detail: "" };
  if (answer.status === 429 && body.code === 30046) {
    const retry = typeof body.retry_after === "number" ? `retry after ${body.retry_after.toFixed(3)} s` : "";
    return { kind: "rate-limited", status, title: `Too many edits of messages older than an hour${code}`, detail: retry };
  }
  if (answer.status === 429) {
    const scope = record.scope ?? "unknown";
    const retry = typeof body.retry_after === "number" ? `retry after ${body.retry_after.toFixed(3)} s` : "";
    return { kind: "rate-limited", status, title: `Rate limited (scope ${scope})`, detail: retry };
  }
  if (answer.status === 400 && (body.code === 50035 || body.code === 50006)) {
    return { kind: "invalid", status, title: `${message}${code}`, detail: formErrors(body.errors).join("; ") };
  }
  if (answer.status >= 400) return { kind: "refused", status, title: `${message || "Refused"}${code}`, detail: "" };
  if (record.method === "GET") {
    const title = record.path.includes("/messages/") ? "Message read (GET)" : "Webhook read (GET, as verify does)";
    return { kind: "read", status, title, detail: "" };
  }
  return null;
}

/** Discord's nested `errors` object as `path: message` lines. */
function formErrors(errors: unknown, path = ""): string[] {
  const node = obj(errors);
  if (!node) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "_errors" && Array.isArray(value)) {
      for (const e of value) out.push(`${path || "body"}: ${str(obj(e)?.message)}`);
    } else {
      out.push(...formErrors(value, path ? `${path}.${key}` : key));
    }
  }
  return out.slice(0, 20);
}

function refusalHtml(d: Described, record: FakeRequest, meta: string): string {
  const detail = d.detail ? `<div class="dm-refusal-detail">${escapeHtml(d.detail)}</div>` : "";
  return (
    `<div class="dm-entry dm-refusal dm-refusal-${d.kind}" data-kind="${d.kind}" data-status="${escapeHtml(d.status)}">${meta}` +
    `<div class="dm-refusal-line"><span class="dm-badge">${escapeHtml(d.status)}</span>` +
    `<span class="dm-refusal-title">${escapeHtml(d.title)}</span>` +
    `<time class="dm-time">${escapeHtml(formatTime(record.receivedAt))}</time></div>` +
    `<div class="dm-refusal-request">${escapeHtml(`${record.method} ${record.path}`)}</div>${detail}</div>`
  );
}
