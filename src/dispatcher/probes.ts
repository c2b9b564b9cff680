/**
 * `test()` and `verify()`: checks of one webhook, by posting a test message or by reading it from Discord.
 * Both read the record from the store first: the store is the one truth about whether a webhook is enabled.
 */
import type { DeliveryEngine } from "../delivery/engine.js";
import { webhookView } from "../delivery/webhooks.js";
import type { AllowedMentions } from "../discord/schemas.js";
import { parseWebhookUrl } from "../discord/webhook-url.js";
import { embeds as builders } from "../embeds/index.js";
import type { Branding } from "../embeds/shared.js";
import { DeliveryRefusedError, DispatcherError, NotFoundError, StoreError } from "../errors.js";
import type { WebhookRecord, WebhookStore } from "../types.js";
import { parseMessageOptions, wireOptions } from "./message-options.js";
import type { DeliveryLogging } from "./delivery-log.js";
import type { Dispatcher, TestResult, VerifyResult } from "./types.js";

/** What the probes need from the dispatcher. */
export interface ProbeDeps {
  store: WebhookStore;
  engine: DeliveryEngine;
  branding: Branding | undefined;
  mentions: AllowedMentions | undefined;
  now: () => Date;
  /** `close()` was called. */
  closed: () => boolean;
  /** Tags a delivery for the delivery log. */
  tag: DeliveryLogging["tag"];
}

/** Builds `test` and `verify`. */
export function createProbes(deps: ProbeDeps): Pick<Dispatcher, "test" | "verify"> {
  const { store, engine, branding } = deps;
  return {
    async test(webhookId, rawOptions) {
      const opts = parseMessageOptions(rawOptions);
      const record = await loadRecord(store, webhookId);
      const view = webhookView(record);
      const webhook = { id: view.id, name: view.name };
      if (deps.closed()) return { ok: false, webhook, attempts: 0, error: closed("test") };
      if (!record.enabled) throw new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${record.id}" is disabled; test refused`);
      const embed = builders.custom(
        { title: "Test message", description: "This webhook is connected and will receive notifications.", color: "success" },
        { ...(branding && { branding }), now: deps.now },
      );
      const wire = wireOptions(opts, record, branding, deps.mentions);
      const report = await engine.deliver(record, [embed], wire, { solo: true, log: deps.tag(record, "test") });
      const result: TestResult = { ok: report.status === "delivered", webhook: report.webhook, attempts: report.attempts };
      if (report.lastStatus !== undefined) result.status = report.lastStatus;
      if (report.messageIds[0] !== undefined) result.messageId = report.messageIds[0];
      if (report.error) result.error = report.error;
      return result;
    },
    async verify(webhookId) {
      const record = await loadRecord(store, webhookId);
      const view = webhookView(record);
      const webhook = { id: view.id, name: view.name };
      if (deps.closed()) return { ok: false, webhook, disabled: false, error: closed("verify") };
      try {
        parseWebhookUrl(record.webhookUrl);
      } catch (error) {
        return { ok: false, webhook, disabled: false, error: error as DispatcherError };
      }
      const { outcome, disabled, refused } = await engine.probe(record);
      if (refused) return { ok: false, webhook, disabled: false, error: refused };
      if (!outcome) return { ok: false, webhook, disabled: false, error: closed("verify") };
      const result: VerifyResult = { ok: outcome.kind === "ok", webhook, disabled };
      if (outcome.status !== undefined) result.status = outcome.status;
      if (outcome.kind === "ok") {
        const pick = (key: string): string | undefined => (typeof outcome.body?.[key] === "string" ? outcome.body[key] : undefined);
        const discordName = pick("name");
        const channelId = pick("channel_id");
        const guildId = pick("guild_id");
        if (discordName !== undefined) result.discordName = webhookView({ ...record, name: discordName }).name;
        if (channelId !== undefined) result.channelId = channelId;
        if (guildId !== undefined) result.guildId = guildId;
      } else result.error = outcome.error;
      return result;
    },
  };
}

function closed(what: string): DeliveryRefusedError {
  return new DeliveryRefusedError("CLOSED", `The dispatcher is closed; ${what} refused`);
}

/** The stored record, or `NotFoundError`; store failures become `StoreError`. */
export async function loadRecord(store: WebhookStore, id: string): Promise<WebhookRecord> {
  let record: WebhookRecord | null;
  try {
    record = await store.getWebhook(id);
  } catch (error) {
    throw error instanceof StoreError ? error : new StoreError("store", "getWebhook failed", { cause: error });
  }
  if (!record) throw new NotFoundError(`Webhook "${id}" not found`);
  return record;
}
