import type { Answer } from "./responses.js";
import type { FakeMessage, FakeRequest, FakeWebhook } from "./types.js";

/**
 * What the fake tells its inbox as it happens: every answer it wrote, every message it accepted, and requests
 * that got no answer (a `reset` or `hang` fault), and edits and deletions of messages (the record, changed in place). Internal: the inbox page is the only listener.
 */
export type FakeEvent =
  | { kind: "answer"; record: FakeRequest; answer: Answer }
  | { kind: "message"; message: FakeMessage; webhook: FakeWebhook }
  | { kind: "edited"; message: FakeMessage; webhook: FakeWebhook }
  | { kind: "deleted"; message: FakeMessage; webhook: FakeWebhook }
  | { kind: "unanswered"; record: FakeRequest };
