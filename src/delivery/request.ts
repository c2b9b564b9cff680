/**
 * One request to Discord: sent with the slot a lane or probe took from the rate-limit state, under one deadline
 * (this file's timer; the transport gets its signal), sorted into what happens next, and learned from.
 */
import { DISCORD_ERROR_CODES } from "../discord/limits.js";
import { redact, tokensIn } from "../discord/redact.js";
import { DiscordHTTPError, DispatcherError, TransportError, type InvalidRequestBrakeError } from "../errors.js";
import { scrubError } from "../transports/safe-error.js";
import type { HttpMethod, Transport, TransportRequest, TransportResponse } from "../types.js";
import type { Stopper } from "./waiting.js";
import { rateLimited, type RateLimited } from "./rate-limited.js";
import type { DeliveryState, Learned, LimitAnswer, LimitPolicy, LimitTicket } from "./state.js";

/** What an answer means for the lane. */
export type Outcome =
  | { kind: "ok"; status: number; body: Record<string, unknown> | undefined }
  | RateLimited
  | { kind: "transient"; status: number | undefined; error: DispatcherError }
  | { kind: "disable"; status: number; reason: string; error: DiscordHTTPError }
  | { kind: "rejected"; status: number; error: DiscordHTTPError };

/** What the lanes and probes ask before sending, and tell after an answer (implemented by `invalid-guard.ts`). */
export interface InvalidGuard {
  /**
   * Before taking a slot for `discordId`: `undefined` to go on, milliseconds to wait, or the refusal. Answered at once
   * while the invalid count is fresh; a promise when it must be read from the state.
   */
  admit(discordId: string): number | InvalidRequestBrakeError | undefined | Promise<number | InvalidRequestBrakeError | undefined>;
  /** The refusal when `discordId` is backed off now (checked again once a slot was taken: another lane may have learned meanwhile). */
  backedOff(discordId: string): InvalidRequestBrakeError | undefined;
  /** Learns from one answer to a request for `discordId`; `invalidAnswers` is the state's count that came with it. */
  learned(discordId: string, outcome: Outcome, invalidAnswers: number): void;
}

/** What a request needs besides itself. */
export interface RequestDeps {
  transport: Transport;
  state: DeliveryState;
  policy: LimitPolicy;
  /** Deadline of one request. */
  timeoutMs: number;
  /** Aborts requests in flight when the dispatcher gives up at close. */
  stop: Stopper;
  /** Asked before each request, told after each answer: back-off of rejected webhook ids, the invalid-request brake. */
  guard: InvalidGuard;
  /** Told every answer's count of invalid answers (for the 50 % warning) and the Discord webhook id it was for. */
  onLearned(learned: Learned, outcome: Outcome, method: HttpMethod, discordId: string): void;
}

/** One request: method, secret URL (with query), its masked twin for errors, and the body. */
export interface Call {
  method: HttpMethod;
  url: string;
  maskedUrl: string;
  body?: unknown;
  /** Files of a POST (multipart); the transport builds a fresh body from them for every attempt. */
  files?: TransportRequest["files"];
  /**
   * The message goes into a thread: its answer's `channel_id` is the thread, not the webhook's channel, so it must
   * not teach the channel (the hidden per-channel budget and `shared` blocks stay on the webhook's own channel).
   */
  thread?: boolean;
}

/** Sends `call` on `ticket`'s slot; never rejects. */
export async function exchange(deps: RequestDeps, ticket: LimitTicket, call: Call): Promise<{ outcome: Outcome; learned: Learned }> {
  let outcome: Outcome;
  let response: TransportResponse | undefined;
  try {
    response = await sendOnce(deps, { method: call.method, url: call.url, body: call.body, ...(call.files && { files: call.files }) }, call.maskedUrl);
    // The token is looked for only when an answer's text may be shown: a 2xx carries none.
    outcome = classify(response, call.maskedUrl, { method: call.method, secrets: response.status < 300 ? [] : tokensIn(call.url) });
  } catch (error) {
    outcome = { kind: "transient", status: undefined, error: error instanceof DispatcherError ? error : new TransportError("Request failed", call.maskedUrl) };
  }
  const learned = await deps.state.learn(ticket, answerOf(response, outcome, call.thread === true), deps.policy).catch((): Learned => ({ invalidAnswers: 0, bucket: undefined }));
  deps.onLearned(learned, outcome, call.method, ticket.webhookId);
  return { outcome, learned };
}

/** Takes a slot for a probe, waiting as long as the budgets say (or until stopped). `undefined` when stopped. */
export async function takeWaiting(deps: RequestDeps, webhookId: string, method: HttpMethod, sleep: (ms: number) => Promise<void>): Promise<LimitTicket | undefined> {
  while (!deps.stop.stopped) {
    const slot = await deps.state.take({ webhookId, method }, deps.policy);
    if (typeof slot !== "number") return slot;
    await sleep(slot);
  }
  return undefined;
}

/**
 * The transport call under the one deadline; a transport that ignores its signal is still abandoned on time, or
 * when the dispatcher closes. Whatever the transport throws is re-made here: its URL becomes `maskedUrl` and every
 * text loses the request URL's token. One promise, settled by whichever comes first (the answer, the deadline, close()), rather
 * than a race of three: every request passes here.
 */
function sendOnce(deps: RequestDeps, request: TransportRequest, maskedUrl: string): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    const controller = new AbortController();
    let settled = false;
    let unsubscribe: () => void = () => undefined;
    /** Ends the wait once: `false` when something else already settled it. */
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      unsubscribe();
      return true;
    };
    const timer = setTimeout(() => {
      if (!settle()) return;
      controller.abort(new DOMException(`timed out after ${deps.timeoutMs} ms`, "TimeoutError"));
      reject(new TransportError(`Request to "${maskedUrl}" timed out after ${deps.timeoutMs} ms`, maskedUrl, { code: "TIMEOUT" }));
    }, deps.timeoutMs);
    unsubscribe = deps.stop.onStop(() => {
      if (!settle()) return;
      controller.abort();
      reject(new TransportError(`Request to "${maskedUrl}" was abandoned: the dispatcher closed`, maskedUrl));
    });
    // Closed already (the stop was called at once, and rejected): nothing is sent.
    if (deps.stop.stopped) return;
    const failed = (error: unknown): void => {
      if (settle()) reject(remade(error, maskedUrl, tokensIn(request.url)));
    };
    try {
      Promise.resolve(deps.transport.send({ ...request, signal: controller.signal })).then((response) => {
        if (settle()) resolve(response);
      }, failed);
    } catch (error) {
      failed(error);
    }
  });
}

/**
 * A transport's own error (even a TransportError, as the contract asks) may carry the token in its URL, message or
 * cause: only a redacted copy goes on, its URL `maskedUrl`.
 */
function remade(error: unknown, maskedUrl: string, secrets: readonly string[]): TransportError {
  const code = error instanceof TransportError && error.code === "TIMEOUT" ? "TIMEOUT" : "TRANSPORT";
  const message = error instanceof DispatcherError ? redact(error.message, secrets) : `Request to "${maskedUrl}" failed: ${error instanceof Error ? redact(error.message, secrets) : "unknown error"}`;
  return new TransportError(message, maskedUrl, { code, cause: scrubError(error instanceof DispatcherError ? error.cause : error, secrets) });
}

function answerOf(response: TransportResponse | undefined, outcome: Outcome, thread: boolean): LimitAnswer {
  const answer: LimitAnswer = { status: response?.status, headers: response?.headers ?? {} };
  if (outcome.kind === "ok" && !thread) answer.channelId = str(outcome.body?.channel_id);
  // 30046 caps the channel's edits of old messages, not the route: it holds the route no longer than the margin.
  if (outcome.kind === "rate-limited") Object.assign(answer, outcome.editCapped ? { scope: "user", retryAfterMs: 0 } : { scope: outcome.scope, retryAfterMs: outcome.retryAfterMs });
  return answer;
}

/**
 * Sorts an HTTP answer. `maskedUrl` is the token-free URL used in errors; `method` is named in them (default
 * `POST`); `secrets` are masked in Discord's error text.
 */
export function classify(response: TransportResponse, maskedUrl: string, context: { method?: HttpMethod; secrets?: readonly string[] } = {}): Outcome {
  const { status } = response;
  const body = asRecord(response.body);
  if (status >= 200 && status < 300) return { kind: "ok", status, body };
  if (status === 429) return rateLimited(response, body, maskedUrl);
  const code = typeof body?.code === "number" ? body.code : undefined;
  const detail = str(body?.message);
  const error = (errorCode?: "WEBHOOK_DISABLED" | "MESSAGE_GONE"): DiscordHTTPError =>
    new DiscordHTTPError(status, code, maskedUrl, detail === undefined ? undefined : redact(detail, context.secrets), { method: context.method ?? "POST", ...(errorCode && { code: errorCode }) });
  if (status >= 500 || status === 408) return { kind: "transient", status, error: error() };
  if (status >= 300 && status < 400) {
    // Discord never redirects a webhook call: a proxy or a wrong base URL does. Retrying would not change that.
    const moved = new DiscordHTTPError(status, undefined, maskedUrl, "redirect refused: Discord never redirects a webhook call (check apiBaseUrl or a proxy)", { method: context.method ?? "POST" });
    return { kind: "rejected", status, error: moved };
  }
  // A message someone deleted: the webhook is fine, so this never disables it.
  if (status === 404 && code === DISCORD_ERROR_CODES.unknownMessage) return { kind: "rejected", status, error: error("MESSAGE_GONE") };
  if (status === 404 && code === DISCORD_ERROR_CODES.unknownWebhook) {
    return { kind: "disable", status, reason: `Discord answered 404 Unknown Webhook (code ${code}): the webhook was deleted`, error: error("WEBHOOK_DISABLED") };
  }
  if (status === 401 && code === DISCORD_ERROR_CODES.invalidWebhookToken) {
    return { kind: "disable", status, reason: `Discord answered 401 Invalid Webhook Token (code ${code})`, error: error("WEBHOOK_DISABLED") };
  }
  return { kind: "rejected", status, error: error() };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The value when it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
