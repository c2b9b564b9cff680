/**
 * `verify()`'s request: a GET of the webhook, through the same rate-limit state as every send (it spends budget and
 * can be answered 429, which is learned from and waited out a few times). 404/401 disable the webhook.
 */
import { parseWebhookUrl } from "../discord/webhook-url.js";
import { InvalidRequestBrakeError } from "../errors.js";
import { sleep } from "./waiting.js";
import { exchange, takeWaiting, type Outcome, type RequestDeps } from "./request.js";
import type { WebhookRecord } from "../types.js";
import { webhookView, type Webhooks } from "./webhooks.js";

/** What `verify()` learns from a GET. */
export interface Probe {
  /** `undefined` once the dispatcher closed, or when `refused`. */
  outcome: Outcome | undefined;
  /** The invalid-request brake refused the GET: nothing was sent. */
  refused?: InvalidRequestBrakeError;
  /** The store accepted the disable this probe caused. */
  disabled: boolean;
}

/** What a probe needs from the engine. */
export interface ProbeDeps {
  request: RequestDeps;
  webhooks: Webhooks;
  max429Retries: number;
  closed: () => boolean;
}

/** GETs the webhook of `record` (its URL must parse). Never rejects. */
export async function probeWebhook(deps: ProbeDeps, record: WebhookRecord): Promise<Probe> {
  const { request } = deps;
  const parsed = parseWebhookUrl(record.webhookUrl);
  const view = webhookView(record, parsed.url);
  let outcome: Outcome | undefined;
  for (let tries = 0; tries <= deps.max429Retries && (!outcome || outcome.kind === "rate-limited"); tries++) {
    let braked = await request.guard.admit(parsed.id);
    while (typeof braked === "number" && !deps.closed()) {
      await sleep(braked, request.stop);
      braked = await request.guard.admit(parsed.id);
    }
    if (braked instanceof InvalidRequestBrakeError) return { outcome: undefined, disabled: false, refused: braked };
    const ticket = await takeWaiting(request, parsed.id, "GET", (ms) => sleep(ms, request.stop));
    if (!ticket || deps.closed()) return { outcome: undefined, disabled: false };
    outcome = (await exchange(request, ticket, { method: "GET", url: parsed.url, maskedUrl: view.url })).outcome;
  }
  if (!outcome || outcome.kind !== "disable") return { outcome, disabled: false };
  const target = { id: record.id, discordId: parsed.id, url: parsed.url, threadId: parsed.threadId, view };
  return { outcome, disabled: await deps.webhooks.disable(target, outcome.reason) };
}
