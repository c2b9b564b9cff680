/**
 * `test()` and `verify()`: checks of one webhook, by posting a test message or by reading it from Discord.
 */
import type { DeliveryEngine } from "./delivery/engine.js";
import { probeWebhook } from "./delivery/verify.js";
import type { AllowedMentions } from "./discord/schemas.js";
import { parseWebhookUrl } from "./discord/webhook-url.js";
import { parseMessageOptions, wireOptions } from "./dispatcher-routing.js";
import type { Dispatcher, TestResult, VerifyResult } from "./dispatcher-types.js";
import { embeds as builders } from "./embeds/index.js";
import type { Branding } from "./embeds/shared.js";
import { DeliveryRefusedError, DispatcherError, NotFoundError, StoreError } from "./errors.js";
import type { Transport, WebhookRecord, WebhookStore } from "./types.js";

/** What the probes need from the dispatcher. */
export interface ProbeDeps {
  store: WebhookStore;
  engine: DeliveryEngine;
  transport: Transport;
  timeoutMs: number;
  branding: Branding | undefined;
  mentions: AllowedMentions | undefined;
  clock: () => Date;
}

/** Builds `test` and `verify`. */
export function createProbes(deps: ProbeDeps): Pick<Dispatcher, "test" | "verify"> {
  const { store, engine, branding } = deps;
  return {
    async test(webhookId, rawOptions) {
      const opts = parseMessageOptions(rawOptions);
      const record = await load(store, webhookId);
      if (!record.enabled || engine.isDisabled(record.id)) {
        throw new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${record.id}" is disabled; test refused`);
      }
      if (engine.closed) throw new DeliveryRefusedError("CLOSED", "The dispatcher is closed; test refused");
      const embed = builders.custom(
        { title: "Test message", description: "This webhook is connected and will receive notifications.", color: "success" },
        { ...(branding && { branding }), now: deps.clock },
      );
      const report = await engine.deliver(record, [embed], wireOptions(opts, record, branding, deps.mentions), { solo: true });
      const result: TestResult = { ok: report.status === "delivered", webhook: report.webhook, attempts: report.attempts };
      if (report.lastStatus !== undefined) result.status = report.lastStatus;
      if (report.messageIds[0] !== undefined) result.messageId = report.messageIds[0];
      if (report.error) result.error = report.error;
      return result;
    },
    async verify(webhookId) {
      const record = await load(store, webhookId);
      if (engine.isDisabled(record.id)) {
        throw new DeliveryRefusedError("WEBHOOK_DISABLED", `Webhook "${record.id}" was disabled in this process; verify refused`);
      }
      const webhook = { id: record.id, name: record.name };
      let url: string;
      try {
        url = parseWebhookUrl(record.webhookUrl).url;
      } catch (error) {
        return { ok: false, webhook, disabled: false, error: error as DispatcherError };
      }
      const probe = await probeWebhook(deps.transport, url, deps.timeoutMs);
      const { outcome } = probe;
      const result: VerifyResult = { ok: outcome.kind === "ok", webhook, disabled: false };
      if (outcome.status !== undefined) result.status = outcome.status;
      if (probe.name !== undefined) result.discordName = probe.name;
      if (probe.channelId !== undefined) result.channelId = probe.channelId;
      if (probe.guildId !== undefined) result.guildId = probe.guildId;
      if (outcome.kind === "disable") {
        await engine.disable(record, outcome.reason, outcome.error);
        result.disabled = true;
      }
      if (outcome.kind !== "ok") result.error = outcome.error;
      return result;
    },
  };
}

async function load(store: WebhookStore, id: string): Promise<WebhookRecord> {
  let record: WebhookRecord | null;
  try {
    record = await store.getWebhook(id);
  } catch (error) {
    throw error instanceof StoreError ? error : new StoreError("store", "getWebhook failed", { cause: error });
  }
  if (!record) throw new NotFoundError(`Webhook "${id}" not found`);
  return record;
}
