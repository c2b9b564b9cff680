import type { HttpMethod, TransportResponse } from "../types.js";
import { makeSnowflake } from "./discord-fake/ids.js";

/**
 * The answers {@link captureTransport} gives when told only a status: the bodies and headers Discord sends.
 */

/** What the capture transport was asked, as its default answers need it. */
export interface ReplyContext {
  method: HttpMethod;
  webhookId: string | null;
  threadId: string | null;
  body: unknown;
}

const CHANNEL_ID = "1300000000000000001";

/** A plausible Discord answer for `status` to this request. */
export function defaultReply(status: number, ctx: ReplyContext): TransportResponse {
  const json = { "content-type": "application/json" };
  // Discord answers a deleted message with 204 and no body.
  if (status === 204 || (ctx.method === "DELETE" && status >= 200 && status < 300)) return { status: 204, headers: {}, body: null };
  if (status >= 200 && status < 300) {
    const body = ctx.method === "GET" ? webhookObject(ctx) : messageObject(ctx);
    return { status, headers: json, body };
  }
  if (status === 429) {
    return {
      status,
      headers: { ...json, "retry-after": "1", "x-ratelimit-scope": "user", "x-ratelimit-remaining": "0" },
      body: { message: "You are being rate limited.", retry_after: 1, global: false },
    };
  }
  return { status, headers: json, body: errorBody(status) };
}

function errorBody(status: number): { message: string; code: number } {
  switch (status) {
    case 400:
      return { message: "Invalid Form Body", code: 50035 };
    case 401:
      return { message: "Invalid Webhook Token", code: 50027 };
    case 404:
      return { message: "Unknown Webhook", code: 10015 };
    case 413:
      return { message: "Request entity too large", code: 40005 };
    default:
      return { message: status >= 500 ? "Internal Server Error" : `HTTP ${status}`, code: 0 };
  }
}

function messageObject(ctx: ReplyContext): Record<string, unknown> {
  const body = typeof ctx.body === "object" && ctx.body !== null ? (ctx.body as Record<string, unknown>) : {};
  const webhookId = ctx.webhookId ?? "0";
  return {
    id: makeSnowflake(),
    type: 0,
    channel_id: ctx.threadId ?? CHANNEL_ID,
    content: typeof body.content === "string" ? body.content : "",
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    author: { id: webhookId, username: typeof body.username === "string" ? body.username : "Captured", bot: true },
    webhook_id: webhookId,
    timestamp: new Date().toISOString(),
    tts: false,
    flags: 0,
  };
}

function webhookObject(ctx: ReplyContext): Record<string, unknown> {
  return { id: ctx.webhookId ?? "0", type: 1, name: "Captured Webhook", channel_id: CHANNEL_ID, guild_id: CHANNEL_ID };
}

/** What {@link keptMessages} reads of a request. */
interface KeptRequest {
  method: HttpMethod;
  body: unknown;
}

/**
 * The messages the capture transport answered with a default reply, by id, as edited since (forgotten on delete and
 * on `clear()`): a read or an edit of one is answered with it, a read of an unknown one with 404 code 10008.
 */
export function keptMessages(): { answer(url: string, request: KeptRequest, response: TransportResponse): TransportResponse; clear(): void } {
  const messages = new Map<string, Record<string, unknown>>();
  return {
    clear: () => {
      messages.clear();
    },
    answer(url, request, response) {
      const ok = response.status >= 200 && response.status < 300;
      const messageId = /\/messages\/([^/?#]+)/.exec(url)?.[1];
      const body = response.body as Record<string, unknown> | null;
      if (messageId === undefined) {
        if (request.method === "POST" && ok && typeof body?.id === "string") messages.set(body.id, body);
        return response;
      }
      if (!ok) return response;
      const known = messages.get(messageId);
      if (request.method === "DELETE") messages.delete(messageId);
      if (request.method === "GET") return known ? { ...response, body: known } : { status: 404, headers: { "content-type": "application/json" }, body: { message: "Unknown Message", code: 10008 } };
      if (request.method === "PATCH") {
        const edited = { ...(known ?? body ?? {}), ...(request.body as Record<string, unknown>), id: messageId, edited_timestamp: new Date().toISOString() };
        messages.set(messageId, edited);
        return { ...response, body: edited };
      }
      return response;
    },
  };
}
