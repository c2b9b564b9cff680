-- discord-webhook-dispatcher: the DiscordWebhook table for PostgreSQL.
-- Same names and types as `prisma migrate` creates from adapters/prisma/schema.prisma, and as the Drizzle table in
-- discord-webhook-dispatcher/adapters/drizzle/pg, so Prisma and Drizzle can share it.
-- Apply once: psql "$DATABASE_URL" -f 0001_create_discord_webhook.sql

CREATE TYPE "WebhookType" AS ENUM ('GAME_SERVER', 'VPS', 'SYSTEM', 'BILLING', 'SECURITY', 'SUPPORT', 'CUSTOM');

CREATE TYPE "WebhookScope" AS ENUM ('ADMIN', 'USER', 'PUBLIC');

CREATE TABLE "DiscordWebhook" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "webhookUrl" TEXT NOT NULL,
    "type" "WebhookType" NOT NULL,
    "scope" "WebhookScope" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "testSuccessAt" TIMESTAMP(3),
    "avatarUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "disabledReason" TEXT,
    CONSTRAINT "DiscordWebhook_pkey" PRIMARY KEY ("id")
);

-- NULL owners are distinct here, so the adapters also check (webhookUrl, NULL) before writing.
CREATE UNIQUE INDEX "DiscordWebhook_webhookUrl_userId_key" ON "DiscordWebhook"("webhookUrl", "userId");

CREATE INDEX "DiscordWebhook_userId_idx" ON "DiscordWebhook"("userId");

CREATE INDEX "DiscordWebhook_type_idx" ON "DiscordWebhook"("type");

CREATE INDEX "DiscordWebhook_scope_idx" ON "DiscordWebhook"("scope");
