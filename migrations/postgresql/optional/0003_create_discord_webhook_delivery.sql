-- discord-webhook-dispatcher, optional: the delivery log table for `drizzleDeliveryLog(db)` / `prismaDeliveryLog(prisma)`
-- (one row per delivery: status, Discord's answer, the message body as sent with every token masked). A table of its
-- own: the platform's "DiscordWebhook" table is not altered. The same table as the `DiscordWebhookDelivery` Prisma model
-- and the Drizzle table `discordWebhookDelivery` of discord-webhook-dispatcher/adapters/drizzle/pg.
-- Apply once: psql "$DATABASE_URL" -f 0003_create_discord_webhook_delivery.sql

CREATE TABLE "DiscordWebhookDelivery" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "incidentKey" TEXT,
    "incidentAction" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "httpStatus" INTEGER,
    "discordCode" INTEGER,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "latencyMs" INTEGER,
    "messageIds" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "bodyTruncated" BOOLEAN NOT NULL,
    "resendOf" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiscordWebhookDelivery_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "DiscordWebhookDelivery_webhookId_id_idx" ON "DiscordWebhookDelivery"("webhookId", "id");
