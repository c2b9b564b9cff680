-- discord-webhook-dispatcher: the DiscordWebhook table for MySQL 8 and MariaDB 10.5+, as `prisma migrate` creates it
-- from the platform's model (adapters/prisma/schema.prisma, with `@@unique([webhookUrl(length: 191), userId])`, as
-- MySQL indexes TEXT by prefix), and as the Drizzle table in discord-webhook-dispatcher/adapters/drizzle/mysql.
-- One difference on purpose: "webhookUrl" uses the binary collation, because webhook tokens are case-sensitive and
-- the default *_ci collation would make two URLs that differ in case collide in the unique index.
-- Apply once: mysql your_database < 0001_create_discord_webhook.sql
-- Optional: optional/0002_add_disabled_reason.sql adds the column where the adapters keep why they disabled a webhook.

CREATE TABLE `DiscordWebhook` (
    `id` VARCHAR(191) NOT NULL,
    `name` VARCHAR(191) NOT NULL,
    `webhookUrl` TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    `type` ENUM('GAME_SERVER', 'VPS', 'SYSTEM', 'BILLING', 'SECURITY', 'SUPPORT', 'CUSTOM') NOT NULL,
    `scope` ENUM('ADMIN', 'USER', 'PUBLIC') NOT NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `testSuccessAt` DATETIME(3) NULL,
    `avatarUrl` VARCHAR(191) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `userId` VARCHAR(191) NULL,

    -- NULL owners are distinct here, so the adapters also check (webhookUrl, NULL) before writing.
    UNIQUE INDEX `DiscordWebhook_webhookUrl_userId_key`(`webhookUrl`(191), `userId`),
    INDEX `DiscordWebhook_userId_idx`(`userId`),
    INDEX `DiscordWebhook_type_idx`(`type`),
    INDEX `DiscordWebhook_scope_idx`(`scope`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- The platform's model relates userId to its User table. With a `User`(`id`) table of your own, add it as Prisma does:
-- ALTER TABLE `DiscordWebhook` ADD CONSTRAINT `DiscordWebhook_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE SET NULL ON UPDATE CASCADE;
