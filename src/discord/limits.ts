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
  /** `thread_name` of a new forum post. */
  threadName: 100,
  /** `applied_tags` of a new forum post. */
  appliedTags: 5,
  /** Link buttons: rows per message, buttons per row, label and URL lengths. */
  componentRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  buttonUrl: 512,
  /** Files per message, bytes per file (Discord's default for webhooks since Jan 2025), file name and description. */
  filesPerMessage: 10,
  fileBytes: 10 * 1024 * 1024,
  fileName: 256,
  attachmentDescription: 1024,
} as const;

/** Discord's JSON error codes that change what a client must do. */
export const DISCORD_ERROR_CODES = {
  unknownWebhook: 10015,
  invalidWebhookToken: 50027,
  invalidFormBody: 50035,
  emptyMessage: 50006,
  requestTooLarge: 40005,
  /** 404 on a message route: the message was deleted (the webhook is fine). */
  unknownMessage: 10008,
  /** 429: too many edits to messages older than an hour in this channel. */
  oldMessageEdits: 30046,
  /** 400: a post to a forum or media channel needs `thread_id` or `thread_name`. */
  forumNeedsThread: 220001,
} as const;

/** Message flags a webhook may set: SUPPRESS_EMBEDS (4), SUPPRESS_NOTIFICATIONS (4096) and IS_COMPONENTS_V2 (32768). */
export const WEBHOOK_MESSAGE_FLAGS = { suppressEmbeds: 4, suppressNotifications: 4096, isComponentsV2: 32768 } as const;
