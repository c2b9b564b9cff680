/**
 * Discord's documented limits for messages and embeds. Lengths are in Unicode code points, after trimming.
 * Source: Discord API docs, `resources/message.mdx` (embed limits) and `resources/webhook.mdx` (execute webhook).
 */
export const DISCORD_LIMITS = {
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer text and author name over every embed of a message. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  content: 2000,
  usernameMin: 1,
  usernameMax: 80,
  colorMax: 0xffffff,
} as const;

/** Discord's JSON error codes that change what a client must do. */
export const DISCORD_ERROR_CODES = {
  unknownWebhook: 10015,
  invalidWebhookToken: 50027,
  invalidFormBody: 50035,
  emptyMessage: 50006,
  requestTooLarge: 40005,
} as const;

/** Message flags a webhook may set: SUPPRESS_EMBEDS (4) and SUPPRESS_NOTIFICATIONS (4096). */
export const WEBHOOK_MESSAGE_FLAGS = { suppressEmbeds: 4, suppressNotifications: 4096 } as const;
