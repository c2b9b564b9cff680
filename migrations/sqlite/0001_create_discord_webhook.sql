-- discord-webhook-dispatcher: the DiscordWebhook table for SQLite (better-sqlite3, libsql, D1), with the names and
-- declared types `prisma migrate` creates from the platform's model (adapters/prisma/schema.prisma), and as the
-- Drizzle table in discord-webhook-dispatcher/adapters/drizzle/sqlite. If your database has this table, apply nothing.
-- Timestamps are ISO-8601 text in UTC ("2026-01-02T03:04:05.678+00:00"), as Prisma writes them; booleans are 0/1.
-- Apply once: sqlite3 app.db < 0001_create_discord_webhook.sql
-- Optional: optional/0002_add_disabled_reason.sql adds the column where the adapters keep why they disabled a webhook.
-- The platform's model relates userId to its User table; Prisma writes that inside CREATE TABLE, after "userId":
--   CONSTRAINT "DiscordWebhook_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE

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
    "userId" TEXT
);

-- NULL owners are distinct here, so the adapters also check (webhookUrl, NULL) before writing.
CREATE UNIQUE INDEX "DiscordWebhook_webhookUrl_userId_key" ON "DiscordWebhook"("webhookUrl", "userId");

CREATE INDEX "DiscordWebhook_userId_idx" ON "DiscordWebhook"("userId");

CREATE INDEX "DiscordWebhook_type_idx" ON "DiscordWebhook"("type");

CREATE INDEX "DiscordWebhook_scope_idx" ON "DiscordWebhook"("scope");
