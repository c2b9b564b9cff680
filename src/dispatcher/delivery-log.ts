/**
 * The dispatcher's side of the delivery log: every settled delivery becomes one entry (written off the lanes by
 * {@link createLogWriter}), and `resendBody` sends a logged body again to one webhook through the normal lanes.
 */
import * as z from "zod";
import type { DeliveryEngine } from "../delivery/engine.js";
import type { Observer } from "../delivery/observe.js";
import type { LogTag } from "../delivery/state.js";
import type { SettledDelivery } from "../delivery/types.js";
import type { WireMessageOptions } from "../delivery/state-queue.js";
import { embedSchema, type AllowedMentions, type DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import type { Branding } from "../embeds/shared.js";
import { DeliveryRefusedError, ValidationError } from "../errors.js";
import type { WebhookRecord } from "../types.js";
import { toEntry } from "../delivery-log/entry.js";
import { newEntryId } from "../delivery-log/ids.js";
import { DEFAULT_LOG_BODY_BYTES, type DeliveryLog } from "../delivery-log/types.js";
import { createLogWriter } from "../delivery-log/writer.js";
import { parseMessageOptions, wireOptions } from "./message-options.js";
import type { ResendBodyOptions, ResendResult } from "./types.js";

/** What the dispatcher logs with. */
export interface DeliveryLogging {
  readonly log: DeliveryLog;
  /**
   * The tag of a delivery about to be queued (pass it as `flags.log`): its entry, with the tag's id, is written by
   * whichever process settles the delivery, so a delivery is logged once wherever and whenever it settles.
   */
  tag: (record: WebhookRecord, family: string, resendOf?: string) => LogTag;
  /** Writes the entry of a settled delivery (the engine's `onSettled`). Never throws. */
  settled: (delivery: SettledDelivery) => void;
  /** Sends a logged body to one webhook (see `Dispatcher.resendBody`). */
  resend(engine: DeliveryEngine, record: WebhookRecord, body: string, options: ResendBodyOptions): Promise<ResendResult>;
  flush(): Promise<void>;
}

/** Options of {@link createDeliveryLogging}. */
export interface DeliveryLoggingOptions {
  log: DeliveryLog;
  observer: Observer;
  timeoutMs: number;
  /** The dispatcher's wall clock. */
  now: () => Date;
  branding: Branding | undefined;
  mentions: AllowedMentions | undefined;
}

const embedsSchema = z.array(embedSchema).min(1).max(10);
const bodySchema = z.object({
  embeds: z.unknown(),
  username: z.string().optional(),
  avatar_url: z.string().optional(),
  thread_id: z.string().optional(),
  content: z.string().optional(),
  allowed_mentions: z.unknown().optional(),
});

/** Creates the logging of one dispatcher. */
export function createDeliveryLogging(options: DeliveryLoggingOptions): DeliveryLogging {
  const { log, now } = options;
  const writer = createLogWriter(log, options.observer, options.timeoutMs);

  const tag: DeliveryLogging["tag"] = (record, family, resendOf) => {
    const at = now();
    return { entryId: newEntryId(at), family, type: record.type, queuedAt: at.getTime(), ...(resendOf !== undefined && { resendOf }) };
  };

  const settled: DeliveryLogging["settled"] = (delivery) => {
    try {
      writer.add(toEntry(delivery, now(), DEFAULT_LOG_BODY_BYTES));
    } catch (error) {
      // Building an entry must never fail a delivery; it is reported like a failed write.
      options.observer.log("error", "delivery log entry could not be built", { webhook: { id: delivery.webhookId }, error: error instanceof Error ? error.message : "unknown" });
    }
  };

  return {
    log,
    tag,
    settled,
    async resend(engine, record, text, opts) {
      const { embeds, wire } = parseBody(text, record, options);
      const view = { id: record.id, name: record.name };
      if (!record.enabled) throw new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${record.id}" is disabled; resend refused`);
      const log = tag(record, opts.family ?? "resend", opts.resendOf);
      const report = await engine.deliver(record, embeds, wire, { solo: true, log });
      // A resend is no lane's hot path: its entry is written (or reported failed) before it answers, so the next
      // `resendFailed` already sees it and does not send it twice.
      await writer.flush();
      const result: ResendResult = { ok: report.status === "delivered", webhook: report.webhook.name ? report.webhook : view, attempts: report.attempts, messageIds: report.messageIds, entryId: log.entryId };
      if (report.lastStatus !== undefined) result.status = report.lastStatus;
      if (report.error) result.error = report.error;
      return result;
    },
    flush: () => writer.flush(),
  };
}

/** The embeds and wire options of a logged body, validated as a new call's would be. */
function parseBody(text: string, record: WebhookRecord, o: DeliveryLoggingOptions): { embeds: DiscordEmbed[]; wire: WireMessageOptions } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError("logged message body", [{ path: "body", message: "is not JSON (it was cut to the log's size bound)" }], { cause: error });
  }
  const body = parseOrThrow(bodySchema, json, "logged message body");
  const embeds = parseOrThrow(embedsSchema, body.embeds, "logged message embeds");
  const opts = parseMessageOptions({
    ...(body.username !== undefined && { username: body.username }),
    ...(body.avatar_url !== undefined && { avatarUrl: body.avatar_url }),
    ...(body.thread_id !== undefined && { threadId: body.thread_id }),
    ...(body.content !== undefined && { content: body.content }),
    ...(body.allowed_mentions !== undefined && { mentions: body.allowed_mentions as AllowedMentions }),
  });
  return { embeds, wire: wireOptions(opts, record, o.branding, o.mentions) };
}
