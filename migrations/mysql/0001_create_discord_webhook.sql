-- discord-webhook-dispatcher: the DiscordWebhook table for MySQL 8 and MariaDB 10.5+.
-- Same names and types as `prisma migrate` creates from adapters/prisma/schema.prisma, and as the Drizzle table in
-- discord-webhook-dispatcher/adapters/drizzle/mysql, so Prisma and Drizzle can share it.
-- One difference on purpose: "webhookUrl" uses the binary collation, because webhook tokens are case-sensitive and
-- the default *_ci collation would make two different URLs collide in the unique index.
-- Apply once: mysql your_database < 0001_create_discord_webhook.sql

CREATE TABLE `DiscordWebhook` (
    `id` VARCHAR(191) NOT NULL,
    `name` VARCHAR(191) NOT NULL,
    `webhookUrl` VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    `type` ENUM('GAME_SERVER', 'VPS', 'SYSTEM', 'BILLING', 'SECURITY', 'SUPPORT', 'CUSTOM') NOT NULL,
    `scope` ENUM('ADMIN', 'USER', 'PUBLIC') NOT NULL,
    `enabled` BOOLEAN NOT NULL DEFAULT true,
    `testSuccessAt` DATETIME(3) NULL,
    `avatarUrl` VARCHAR(191) NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `userId` VARCHAR(191) NULL,
    `disabledReason` VARCHAR(191) NULL,

    -- NULL owners are distinct here, so the adapters also check (webhookUrl, NULL) before writing.
    UNIQUE INDEX `DiscordWebhook_webhookUrl_userId_key`(`webhookUrl`, `userId`),
    INDEX `DiscordWebhook_userId_idx`(`userId`),
    INDEX `DiscordWebhook_type_idx`(`type`),
    INDEX `DiscordWebhook_scope_idx`(`scope`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
