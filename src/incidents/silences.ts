/**
 * Silences: the one check of `silence()`'s input and the one rule of what a silence matches. Pure.
 */
import * as z from "zod";
import { parseOrThrow } from "../discord/validate.js";
import { durationMs } from "../options.js";
import { WEBHOOK_TYPES } from "../types.js";
import type { Silence, SilenceInput, SilenceTarget } from "./types.js";

const id = z.string().min(1, "must not be empty").max(200, "must be at most 200 characters");
const forMs = durationMs();
const inputSchema = z.union([
  z.strictObject({ key: id, forMs }),
  z.strictObject({ type: z.enum(WEBHOOK_TYPES), forMs }),
  z.strictObject({ userId: id, forMs }),
  z.strictObject({ webhookId: id, forMs }),
]);

/**
 * Checks `silence()`'s argument: exactly one of `key`, `type`, `userId`, `webhookId`, and `forMs` from 1 ms to
 * about 24.8 days. Throws `ValidationError` otherwise.
 */
export function parseSilenceInput(input: unknown): SilenceInput {
  return parseOrThrow(inputSchema, input, "silence");
}

/** The silence `input` makes at `now` (epoch ms) with id `silenceId`. */
export function makeSilence(input: SilenceInput, silenceId: string, now: number): Silence {
  const { forMs: span, ...matcher } = input;
  return { ...matcher, id: silenceId, createdAt: now, endsAt: now + span };
}

/** Whether `silence` matches a delivery to `target` at `now`: not ended, and its one selector equals the target's. */
export function silenceMatches(silence: Silence, target: SilenceTarget, now: number): boolean {
  if (now >= silence.endsAt) return false;
  if ("key" in silence) return target.key !== undefined && silence.key === target.key;
  if ("type" in silence) return silence.type === target.type;
  if ("userId" in silence) return target.userId != null && silence.userId === target.userId;
  return silence.webhookId === target.webhookId;
}
