-- discord-webhook-dispatcher, optional: the delivery log table for `drizzleDeliveryLog(db)` / `prismaDeliveryLog(prisma)`
-- on MySQL 8 and MariaDB 10.5+ (one row per delivery, the message body as sent with every token masked, at most 16 KB).
-- A table of its own: the platform's `DiscordWebhook` table is not altered.
-- Apply once: mysql your_database < 0003_create_discord_webhook_delivery.sql

CREATE TABLE `DiscordWebhookDelivery` (
    `id` VARCHAR(191) NOT NULL,
    `webhookId` VARCHAR(191) NOT NULL,
    `family` VARCHAR(191) NOT NULL,
    `type` VARCHAR(191) NOT NULL,
    `incidentKey` VARCHAR(191) NULL,
    `incidentAction` VARCHAR(191) NULL,
    `status` VARCHAR(191) NOT NULL,
    `attempts` INTEGER NOT NULL,
    `httpStatus` INTEGER NULL,
    `discordCode` INTEGER NULL,
    `errorCode` VARCHAR(191) NULL,
    `errorMessage` TEXT NULL,
    `latencyMs` INTEGER NULL,
    `messageIds` TEXT NOT NULL,
    `body` TEXT NOT NULL,
    `bodyTruncated` BOOLEAN NOT NULL,
    `resendOf` VARCHAR(191) NULL,
    `createdAt` DATETIME(3) NOT NULL,

    INDEX `DiscordWebhookDelivery_webhookId_id_idx`(`webhookId`, `id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
