import { redact } from "../discord/redact.js";
import type { DiscordEmbed, DiscordMessage } from "../discord/schemas.js";
import { TransportError } from "../errors.js";
import type { HttpMethod, Transport, TransportRequest, TransportResponse } from "../types.js";
import { defaultReply, keptMessages } from "./capture-replies.js";

/** One request the capture transport received. `url` has its token masked. */
export interface CapturedRequest {
  method: HttpMethod;
  /** The URL with the token masked. */
  url: string;
  /** The webhook id from the URL, or `null` when the URL is not a webhook URL. */
  webhookId: string | null;
  /** `?thread_id=` of the URL. */
  threadId: string | null;
  /** Whether the URL asked `?wait=true`. */
  wait: boolean;
  /**
   * The body as it would go on the wire (a JSON round trip): the message of a POST (`{}` when it had none) and the
   * edit of a PATCH; `undefined` for GET and DELETE (they carry none).
   */
  body: unknown;
  /** The files of a multipart POST (`files[n]`), with their bytes as sent. */
  files?: { name: string; contentType: string; data: Uint8Array }[];
  at: Date;
  /** The status answered; `null` when the transport threw. */
  status: number | null;
}

/** A POST: a message sent to a webhook. `body` is what was sent, not validated. */
export interface CapturedMessage extends CapturedRequest {
  method: "POST";
  body: DiscordMessage;
}

/**
 * What to answer: a status (with Discord's usual body for it), a partial response (missing parts filled from the
 * status), or a `TransportError` to throw (a network failure or timeout).
 */
export type CaptureReply = number | Partial<TransportResponse> | TransportError;

/** A fixed reply, or a function of the request (it may be async, and may throw a `TransportError`). */
export type CaptureResponder = CaptureReply | ((request: CapturedRequest) => CaptureReply | Promise<CaptureReply>);

/** Options of {@link captureTransport}. */
export interface CaptureTransportOptions {
  /** The answer when the queue is empty. Default `200` with a Discord message object. */
  respondWith?: CaptureResponder;
}

/** A {@link Transport} that records instead of sending, for unit tests of code that dispatches. */
export interface CaptureTransport extends Transport {
  /** Every POST, in order (a copy). */
  readonly messages: CapturedMessage[];
  /** Every embed of every POST, in order. */
  readonly embeds: DiscordEmbed[];
  /** Every request, in order (a copy). */
  readonly requests: CapturedRequest[];
  /** Forgets recorded requests and queued replies (the default responder stays). */
  clear(): void;
  /** Sets the answer for every request once the queue is empty. */
  respondWith(responder: CaptureResponder): void;
  /** Queues one-shot answers, used in order before the default. */
  enqueue(...responders: CaptureResponder[]): void;
}

/**
 * A transport that records every request and answers what you tell it (default: 200 with a message object, as
 * Discord does for `?wait=true`). Answering with a bare status, it keeps the messages it answered as Discord would:
 * `GET .../messages/{id}` reads one back (404 code 10008 when unknown or deleted), `PATCH` answers the edited message.
 * Never touches the network.
 *
 * @example
 * ```ts
 * const transport = captureTransport();
 * const dispatcher = createDispatcher({ store, transport });
 * await dispatcher.nodeAlert({ ... });
 * expect(transport.embeds[0]?.title).toContain("node-3");
 * transport.enqueue(503, new TransportError("connection reset", "url")); // the next two requests fail
 * transport.respondWith(404);                                          // then Unknown Webhook for all
 * ```
 */
export function captureTransport(options: CaptureTransportOptions = {}): CaptureTransport {
  let requests: CapturedRequest[] = [];
  let queue: CaptureResponder[] = [];
  let fallback: CaptureResponder = options.respondWith ?? 200;
  const messages = keptMessages();

  async function send(request: TransportRequest): Promise<TransportResponse> {
    const record = recordOf(request);
    requests.push(record);
    if (request.signal?.aborted) throw new TransportError(`[${record.method}] "${record.url}": request aborted`, record.url);
    const responder = queue.shift() ?? fallback;
    let reply: CaptureReply;
    try {
      reply = typeof responder === "function" ? await responder({ ...record }) : responder;
    } catch (error) {
      reply = error instanceof TransportError ? error : new TransportError(`[${record.method}] "${record.url}": responder threw`, record.url, { cause: error });
    }
    if (reply instanceof TransportError) throw reply;
    let response = toResponse(reply, record);
    // Told only a status: the messages answered so far are kept, as Discord keeps them, for reads and edits.
    if (typeof reply === "number") response = messages.answer(request.url, record, response);
    record.status = response.status;
    return response;
  }

  return {
    send,
    get messages() {
      return requests.filter((r): r is CapturedMessage => r.method === "POST").map((r) => ({ ...r }));
    },
    get embeds() {
      return requests.flatMap((r) => (r.method === "POST" ? ((r as CapturedMessage).body.embeds ?? []) : []));
    },
    get requests() {
      return requests.map((r) => ({ ...r }));
    },
    clear() {
      requests = [];
      queue = [];
      messages.clear();
    },
    respondWith(responder) {
      fallback = responder;
    },
    enqueue(...responders) {
      queue.push(...responders);
    },
  };
}

function recordOf(request: TransportRequest): CapturedRequest {
  const method = request.method ?? "POST";
  const url = redact(request.url);
  let webhookId: string | null = null;
  let threadId: string | null = null;
  let wait = false;
  const m = /webhooks\/(\d+)\/[^/?#]+/i.exec(request.url);
  if (m?.[1]) webhookId = m[1];
  const q = request.url.indexOf("?");
  if (q >= 0) {
    const params = new URLSearchParams(request.url.slice(q + 1).split("#")[0]);
    threadId = params.get("thread_id");
    wait = /^(true|1)$/i.test(params.get("wait") ?? "");
  }
  let body: unknown = undefined;
  if (method === "POST" || (method === "PATCH" && request.body !== undefined)) {
    try {
      // A JSON round trip records what would reach Discord and snapshots the caller's object.
      body = request.body === undefined ? {} : (JSON.parse(JSON.stringify(request.body)) as unknown);
    } catch (error) {
      throw new TransportError(`[${method}] "${url}": request body is not JSON-serialisable`, url, { cause: error });
    }
  }
  const files = request.files?.map((f) => ({ name: f.name, contentType: f.contentType, data: new Uint8Array(f.data) }));
  return { method, url, webhookId, threadId, wait, body, ...(files && files.length > 0 && { files }), at: new Date(), status: null };
}

function toResponse(reply: number | Partial<TransportResponse>, record: CapturedRequest): TransportResponse {
  if (typeof reply === "number") return defaultReply(reply, record);
  const base = defaultReply(reply.status ?? 200, record);
  return {
    status: base.status,
    headers: { ...base.headers, ...lowerCase(reply.headers ?? {}) },
    body: "body" in reply ? reply.body : base.body,
  };
}

function lowerCase(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
