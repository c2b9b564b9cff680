-- discord-webhook-dispatcher, optional: the column where the adapters keep why they disabled a webhook (for example
-- "Discord answered 404 Unknown Webhook"). Without it they still disable the webhook (enabled = false) and the reason
-- is only in the logs and hooks. Prisma: add `disabledReason String?` to the model. Drizzle: build the table with
-- `defineDiscordWebhookTable({ disabledReason: true })`.

ALTER TABLE "DiscordWebhook" ADD COLUMN "disabledReason" TEXT;
