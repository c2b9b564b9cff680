/**
 * `editMessage` and `deleteMessage`: validated here (nothing is sent for bad input), then handed to the delivery
 * engine, which sends them through the webhook's rate limits and classifies Discord's answers.
 */
import * as z from "zod";
import type { DeliveryEngine, MessageChange, MessageChangeAnswer } from "../delivery/engine.js";
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { embedLength, embedSchema, snowflakeSchema as snowflake, type AllowedMentions } from "../discord/schemas.js";
import { discordLength } from "../discord/text.js";
import { parseOrThrow } from "../discord/validate.js";
import { DeliveryRefusedError, type DispatcherError } from "../errors.js";
import type { WebhookStore } from "../types.js";
import type { MessageChangeResult } from "./edit-types.js";
import { buttonRows, NO_MENTIONS } from "./message-options.js";
import { buttonsSchema, noLoneSurrogate } from "./message-parts.js";
import { loadRecord } from "./probes.js";
import type { Dispatcher } from "./types.js";


// Strict: an edit carries no flags (`silent`, `flags`), since it cannot change SUPPRESS_NOTIFICATIONS.
const editSchema = z
  .strictObject({
    embeds: z
      .array(embedSchema)
      .max(L.embedsPerMessage, `at most ${L.embedsPerMessage} embeds`)
      .refine((list) => list.reduce((n, e) => n + embedLength(e), 0) <= L.embedTotal, `at most ${L.embedTotal} characters in all embeds together`)
      .optional(),
    content: z
      .string()
      .refine(noLoneSurrogate, "must not contain lone surrogates")
      .refine((s) => discordLength(s) <= L.content, `must be at most ${L.content} characters`)
      .optional(),
    buttons: buttonsSchema.optional(),
    threadId: snowflake.optional(),
  })
  .refine((o) => o.embeds !== undefined || o.content !== undefined || o.buttons !== undefined, { error: "an edit needs embeds, content or buttons", path: ["embeds"] });

const deleteSchema = z.strictObject({ threadId: snowflake.optional() });

/** What the message changes need from the dispatcher. */
export interface MessageEditDeps {
  store: WebhookStore;
  engine: DeliveryEngine;
  /** The dispatcher's default `allowed_mentions` (none when not set). */
  mentions: AllowedMentions | undefined;
  /** `close()` was called. */
  closed: () => boolean;
}

/** Builds `editMessage` and `deleteMessage`. */
export function createMessageEdits(deps: MessageEditDeps): Pick<Dispatcher, "editMessage" | "deleteMessage"> {
  const send = async (webhookId: string, messageId: string, change: MessageChange): Promise<MessageChangeResult> => {
    const record = await loadRecord(deps.store, webhookId);
    if (deps.closed()) return failure(messageId, { ok: false, attempts: 0, error: new DeliveryRefusedError("CLOSED", "The dispatcher is closed; message change refused"), disabled: false });
    let answer: MessageChangeAnswer;
    try {
      answer = await deps.engine.changeMessage(record, change);
    } catch (error) {
      // The durable state failed (Redis down): the change ends failed, as a post would.
      return failure(messageId, { ok: false, attempts: 0, error: error as DispatcherError, disabled: false });
    }
    return answer.ok ? { ok: true, messageId, attempts: answer.attempts, status: answer.status } : failure(messageId, answer);
  };
  return {
    async editMessage(webhookId, messageId, rawOptions) {
      const id = parseOrThrow(snowflake, messageId, "message id");
      const opts = parseOrThrow(editSchema, rawOptions, "message edit");
      const body: Record<string, unknown> = { allowed_mentions: deps.mentions ?? NO_MENTIONS };
      if (opts.content !== undefined) body.content = opts.content;
      if (opts.embeds !== undefined) body.embeds = opts.embeds;
      if (opts.buttons !== undefined) body.components = buttonRows(opts.buttons);
      return send(webhookId, id, { method: "PATCH", messageId: id, threadId: opts.threadId, body });
    },
    async deleteMessage(webhookId, messageId, rawOptions = {}) {
      const id = parseOrThrow(snowflake, messageId, "message id");
      const opts = parseOrThrow(deleteSchema, rawOptions, "message delete");
      return send(webhookId, id, { method: "DELETE", messageId: id, threadId: opts.threadId });
    },
  };
}

function failure(messageId: string, answer: Extract<MessageChangeAnswer, { ok: false }>): MessageChangeResult {
  return { ok: false, messageId, error: answer.error, attempts: answer.attempts, disabled: answer.disabled, ...(answer.status !== undefined && { status: answer.status }) };
}
