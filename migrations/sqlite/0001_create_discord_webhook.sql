-- discord-webhook-dispatcher: the DiscordWebhook table for SQLite (better-sqlite3, libsql, D1).
-- Same names and declared types as `prisma migrate` creates from adapters/prisma/schema.prisma, and as the Drizzle
-- table in discord-webhook-dispatcher/adapters/drizzle/sqlite, so Prisma and Drizzle can share it.
-- Timestamps are ISO-8601 text in UTC ("2026-01-02T03:04:05.678+00:00"), as Prisma writes them; booleans are 0/1.
-- Apply once: sqlite3 app.db < 0001_create_discord_webhook.sql

CREATE TABLE "DiscordWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "webhookUrl" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "testSuccessAt" DATETIME,
    "avatarUrl" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "disabledReason" TEXT
);

-- NULL owners are distinct here, so the adapters also check (webhookUrl, NULL) before writing.
CREATE UNIQUE INDEX "DiscordWebhook_webhookUrl_userId_key" ON "DiscordWebhook"("webhookUrl", "userId");

CREATE INDEX "DiscordWebhook_userId_idx" ON "DiscordWebhook"("userId");

CREATE INDEX "DiscordWebhook_type_idx" ON "DiscordWebhook"("type");

CREATE INDEX "DiscordWebhook_scope_idx" ON "DiscordWebhook"("scope");
