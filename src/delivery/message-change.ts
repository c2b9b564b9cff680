/**
 * Edits, deletes and reads of a message a webhook sent: `PATCH` / `DELETE` / `GET {webhook url}/messages/{id}`, through the same
 * rate-limit state (the route's own bucket per Discord webhook and method), invalid-request brake and answer
 * classification as every post. A 429 is learned and waited out (at most `max429Retries` times), a transient failure
 * (5xx, network, timeout) retried with backoff; 404 code 10008 (`MESSAGE_GONE`) and 429 code 30046 (`EDIT_LIMITED`)
 * fail at once and never disable the webhook; 404 code 10015 and 401 disable it as a post's would. Its 429s and
 * retries are reported like a post's (`onRateLimited`, `onRetry`, and the same log lines).
 */
import { DeliveryRefusedError, DispatcherError, InvalidRequestBrakeError } from "../errors.js";
import type { WebhookRecord } from "../types.js";
import { backoffDelay, type RetrySettings } from "./backoff.js";
import { sleep } from "./waiting.js";
import type { Observer } from "./observe.js";
import { exchange, takeWaiting, type Outcome, type RequestDeps } from "./request.js";
import type { Webhooks } from "./webhooks.js";

/** One change (or read: `GET`) of a sent message, in Discord's wire names. */
export interface MessageChange {
  method: "PATCH" | "DELETE" | "GET";
  messageId: string;
  /** The thread the message is in; overrides a `thread_id` carried by the stored URL. */
  threadId?: string | undefined;
  /** PATCH only: the fields to replace (`content`, `embeds`, `components`, `allowed_mentions`). */
  body?: Record<string, unknown> | undefined;
}

/** How a change ended. `status` is the last HTTP status, when an answer came. Token-free. */
export type MessageChangeAnswer =
  | { ok: true; attempts: number; status: number; body: Record<string, unknown> | undefined }
  | { ok: false; attempts: number; status?: number; error: DispatcherError; disabled: boolean };

/** What a change needs from the engine. */
export interface MessageChangeDeps {
  request: RequestDeps;
  webhooks: Webhooks;
  retry: RetrySettings;
  max429Retries: number;
  closed: () => boolean;
  observer: Observer;
}

/** Sends `change` for the webhook of `record`; one whose URL does not parse fails (`WebhookUrlError`) without a request. */
export async function changeMessage(deps: MessageChangeDeps, record: WebhookRecord, change: MessageChange): Promise<MessageChangeAnswer> {
  const { request } = deps;
  // The record's URL parsed and masked once per record version (the webhooks' cache), not once per change.
  const target = deps.webhooks.prime(record);
  if (target instanceof DispatcherError) return { ok: false, attempts: 0, error: target, disabled: false };
  const threadId = change.threadId ?? target.threadId;
  const query = new URLSearchParams();
  if (threadId !== undefined) query.set("thread_id", threadId);
  if (change.method === "PATCH" && change.body?.components !== undefined) query.set("with_components", "true");
  const q = query.toString();
  const path = `/messages/${encodeURIComponent(change.messageId)}${q === "" ? "" : `?${q}`}`;
  const call = { method: change.method, url: `${target.url}${path}`, maskedUrl: `${target.view.url}${path}`, body: change.body, thread: true };
  const webhook = target.view;
  let attempts = 0;
  let rateLimits = 0;
  let failures = 0;
  let last: Outcome | undefined;
  for (;;) {
    if (deps.closed() || request.stop.stopped) return closedAnswer(attempts, last);
    let braked = await request.guard.admit(target.discordId);
    while (typeof braked === "number" && !deps.closed()) {
      await sleep(braked, request.stop);
      braked = await request.guard.admit(target.discordId);
    }
    if (braked instanceof InvalidRequestBrakeError) return { ok: false, attempts, error: braked, disabled: false };
    const ticket = await takeWaiting(request, target.discordId, change.method, (ms) => sleep(ms, request.stop));
    if (!ticket) return closedAnswer(attempts, last);
    attempts += 1;
    const { outcome, learned } = await exchange(request, ticket, call);
    last = outcome;
    switch (outcome.kind) {
      case "ok":
        return { ok: true, attempts, status: outcome.status, body: outcome.body };
      case "rate-limited": {
        const event = { webhook, scope: outcome.scope, retryAfterMs: outcome.retryAfterMs, bucket: learned.bucket };
        deps.observer.log("warn", "rate limited by Discord", { ...event, method: change.method });
        deps.observer.hook("onRateLimited", event);
        // The state learned the 429: the next take waits as long as it says.
        if (outcome.editCapped || ++rateLimits > deps.max429Retries) return failed(attempts, outcome, false);
        break;
      }
      case "transient": {
        if (++failures >= deps.retry.attempts) return failed(attempts, outcome, false);
        const delayMs = backoffDelay(failures, deps.retry);
        deps.observer.log("warn", "transient failure; retrying", { webhook, method: change.method, attempt: failures, delayMs, error: outcome.error.message });
        deps.observer.hook("onRetry", { webhook, attempt: failures, delayMs, error: outcome.error });
        await sleep(delayMs, request.stop);
        break;
      }
      case "disable":
        return failed(attempts, outcome, await deps.webhooks.disable(target, outcome.reason));
      case "rejected":
        return failed(attempts, outcome, false);
    }
  }
}

function failed(attempts: number, outcome: Exclude<Outcome, { kind: "ok" }>, disabled: boolean): MessageChangeAnswer {
  return { ok: false, attempts, ...(outcome.status !== undefined && { status: outcome.status }), error: outcome.error, disabled };
}

function closedAnswer(attempts: number, last: Outcome | undefined): MessageChangeAnswer {
  const error = new DeliveryRefusedError("CLOSED", "The dispatcher is closed; message change refused");
  return { ok: false, attempts, ...(last?.status !== undefined && { status: last.status }), error, disabled: false };
}
