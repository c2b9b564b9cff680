/**
 * Webhook management: CRUD and tests with access control, validation and masked tokens.
 * @packageDocumentation
 */
export { createWebhookManager } from "./manager.js";
export { toPublicWebhook } from "./public-view.js";
export { createWebhookSchema, updateWebhookSchema, listFilterSchema, webhookUrlSchema, avatarUrlSchema, webhookNameSchema, actorSchema } from "./schemas.js";
export { DEFAULT_MAX_WEBHOOKS_PER_OWNER, DEFAULT_TEST_COOLDOWN_MS } from "./limits.js";
export type { CreateWebhookData, UpdateWebhookData } from "./schemas.js";
export type * from "./types.js";
export type * from "./delivery-types.js";
