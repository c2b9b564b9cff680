-- discord-webhook-dispatcher: the DiscordWebhook table for PostgreSQL, exactly as `prisma migrate` creates it from the
-- platform's model (adapters/prisma/schema.prisma), and as the Drizzle table in
-- discord-webhook-dispatcher/adapters/drizzle/pg. If your database already has this table, apply nothing.
-- Apply once: psql "$DATABASE_URL" -f 0001_create_discord_webhook.sql
-- Optional: optional/0002_add_disabled_reason.sql adds the column where the adapters keep why they disabled a webhook.

CREATE TYPE "DiscordWebhookType" AS ENUM ('GAME_SERVER', 'VPS', 'SYSTEM', 'BILLING', 'SECURITY', 'SUPPORT', 'CUSTOM');

CREATE TYPE "DiscordWebhookScope" AS ENUM ('ADMIN', 'USER', 'PUBLIC');

CREATE TABLE "DiscordWebhook" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "webhookUrl" TEXT NOT NULL,
    "type" "DiscordWebhookType" NOT NULL,
    "scope" "DiscordWebhookScope" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "testSuccessAt" TIMESTAMP(3),
    "avatarUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    CONSTRAINT "DiscordWebhook_pkey" PRIMARY KEY ("id")
);

-- NULL owners are distinct here, so the adapters also check (webhookUrl, NULL) before writing.
CREATE UNIQUE INDEX "DiscordWebhook_webhookUrl_userId_key" ON "DiscordWebhook"("webhookUrl", "userId");

CREATE INDEX "DiscordWebhook_userId_idx" ON "DiscordWebhook"("userId");

CREATE INDEX "DiscordWebhook_type_idx" ON "DiscordWebhook"("type");

CREATE INDEX "DiscordWebhook_scope_idx" ON "DiscordWebhook"("scope");

-- The platform's model relates userId to its User table. With a "User"("id") table of your own, add it as Prisma does:
-- ALTER TABLE "DiscordWebhook" ADD CONSTRAINT "DiscordWebhook_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
