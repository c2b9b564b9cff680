/**
 * Running a test or verify through the dispatcher, and turning what it reports into a token-free result.
 */
import { ConfigError, DispatcherError, NotFoundError, StoreError } from "../errors.js";
import type { WebhookRecord } from "../types.js";
import { describeTestError, toPublicWebhook } from "./public-view.js";
import { tokenOf } from "../discord/rules.js";
import type { TesterResult, WebhookTester, WebhookTestResult } from "./types.js";

/** Runs the test; refusals of the dispatcher (disabled, closed) become a failed result, store failures are thrown. */
export async function runTester(tester: WebhookTester, mode: "test" | "verify", id: string): Promise<TesterResult> {
  if (mode === "verify" && !tester.verify) throw new ConfigError("This dispatcher cannot verify webhooks.");
  try {
    return mode === "verify" && tester.verify ? await tester.verify(id) : await tester.test(id);
  } catch (error) {
    // The store failing, or the webhook vanishing meanwhile, are errors of the request itself.
    if (error instanceof StoreError || error instanceof NotFoundError) throw error;
    // Anything else (disabled webhook, dispatcher closed) is still an answer for the person clicking "Test".
    if (error instanceof DispatcherError) return { ok: false, error: { code: error.code, message: error.userMessage } };
    return { ok: false, error: { code: "TEST_FAILED", message: "The test could not be run." } };
  }
}

// Refusals of the dispatcher itself: nothing was sent, so nothing reached Discord.
const REFUSED_BEFORE_SENDING = new Set(["WEBHOOK_DISABLED", "CLOSED", "QUEUE_OVERFLOW", "INVALID_REQUEST_BRAKE", "INVALID_WEBHOOK_URL", "VALIDATION", "CONFIG"]);

/**
 * Whether a test's request reached Discord (or may have: a timeout counts). `false` only for a refusal of the
 * dispatcher before sending (a disabled webhook, a closed dispatcher, the invalid-request brake): such a test does
 * not spend the cooldown.
 */
export function reachedDiscord(result: TesterResult): boolean {
  if (result.ok || typeof result.status === "number") return true;
  const e = result.error;
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  return !(typeof code === "string" && REFUSED_BEFORE_SENDING.has(code));
}

/** The result a person sees, with the webhook as it is after the test. */
export function toTestResult(mode: "test" | "verify", result: TesterResult, after: WebhookRecord): WebhookTestResult {
  return {
    ok: result.ok,
    mode,
    status: typeof result.status === "number" ? result.status : null,
    error: result.ok ? null : describeTestError(result, tokenOf(after.webhookUrl)),
    webhook: toPublicWebhook(after),
  };
}
