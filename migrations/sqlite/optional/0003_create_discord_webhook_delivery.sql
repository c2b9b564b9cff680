-- discord-webhook-dispatcher, optional: the delivery log table for `drizzleDeliveryLog(db)` / `prismaDeliveryLog(prisma)`
-- (one row per delivery, the message body as sent with every token masked). A table of its own: the platform's
-- "DiscordWebhook" table is not altered. DATETIME and BOOLEAN as Prisma declares them (the Drizzle table of
-- discord-webhook-dispatcher/adapters/drizzle/sqlite stores ISO-8601 text and 0/1, as Prisma does).
-- Apply once: sqlite3 your.db < 0003_create_discord_webhook_delivery.sql

CREATE TABLE "DiscordWebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL
);

CREATE INDEX "DiscordWebhookDelivery_webhookId_id_idx" ON "DiscordWebhookDelivery"("webhookId", "id");
