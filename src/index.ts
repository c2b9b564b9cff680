/**
 * discord-webhook-dispatcher: get your product's events into Discord.
 *
 * The public API, listed by name. What implementers of a delivery state need is in
 * `discord-webhook-dispatcher/state`; conformance suites, the Discord fake and test transports in `/testing`.
 * @packageDocumentation
 */

// The dispatcher: create it, send events, read its results.
export { createDispatcher } from "./dispatcher/index.js";
export { audienceScopes, PUBLIC_BY_DEFAULT } from "./dispatcher/audience.js";
export type { DeleteMessageOptions, DeleteMessageResult, EditMessageOptions, EditMessageResult, MessageChangeResult } from "./dispatcher/edit-types.js";
export type {
  DispatchError,
  DispatchOptions,
  DispatchResult,
  Dispatcher,
  DispatcherHooks,
  DispatcherOptions,
  EventMethods,
  LinkButton,
  MessageOptions,
  ResendBodyOptions,
  ResendResult,
  TestResult,
  VerifyResult,
} from "./dispatcher/types.js";
export type { OutboxTransaction } from "./delivery/outbox.js";
export type { FileData, FileInput } from "./dispatcher/files.js";

// Delivery options, hook events, reports and the logger.
export type { DeliveryFlags, DeliveryReport, DispatcherStats, SettledDelivery } from "./delivery/types.js";
export type { RateLimitOptions, RetryOptions } from "./delivery/tuning.js";
export type {
  DeliveredEvent,
  DeliveryHooks,
  DisabledEvent,
  FailedEvent,
  HookWebhook,
  LogMeta,
  Logger,
  PossibleDuplicateEvent,
  RateLimitedEvent,
  RetryEvent,
  StoreErrorEvent,
} from "./delivery/hooks.js";

// Instrumentation: the hooks an observer (such as `/otel`) implements.
export type {
  AttemptHandle,
  AttemptResult,
  AttemptStartInfo,
  DeliveryHandle,
  DeliveryStartInfo,
  Instrumentation,
} from "./delivery/instrumentation.js";

// In-process delivery state (the default `queue`); the port itself is in `/state`.
export { memoryQueue } from "./delivery/memory-state.js";
export type { MemoryQueueOptions } from "./delivery/memory-state.js";

// Incidents: one message per problem, edited as it evolves, and silences.
export { INCIDENT_DEFAULTS } from "./incidents/types.js";
export { memoryIncidentState } from "./incidents/memory.js";
export type { MemoryIncidentStateOptions } from "./incidents/memory.js";
export type { IncidentCallOptions, IncidentOptions, IncidentStatus, Silence, SilenceInput, SilenceMatcher } from "./incidents/types.js";
export type { DeliveryAction, IncidentEvent, IncidentReport } from "./incidents/desk-types.js";

// Errors: every class the API throws or reports, and their codes.
export {
  ConfigError,
  CooldownError,
  DeliveryRefusedError,
  DiscordHTTPError,
  DispatcherError,
  DuplicateWebhookError,
  ForbiddenError,
  InvalidRequestBrakeError,
  NotFoundError,
  RateLimitError,
  StoreError,
  TransportError,
  ValidationError,
  WebhookLimitError,
  WebhookUrlError,
  WebhookVerificationError,
} from "./errors.js";
export type { DispatcherErrorCode, DispatcherErrorOptions, StoreErrorCode, ValidationIssue } from "./errors.js";

// Webhook records, the store port and the transport port.
export { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "./types.js";
export type {
  CreateWebhookInput,
  FindWebhooksQuery,
  ListWebhooksFilter,
  Transport,
  TransportRequest,
  TransportResponse,
  UpdateWebhookInput,
  WebhookRecord,
  WebhookScope,
  WebhookStore,
  WebhookType,
} from "./types.js";

// The default transport (fetch).
export { DEFAULT_USER_AGENT } from "./transports/fetch-options.js";
export { fetchTransport } from "./transports/fetch.js";
export type { FetchTransport, FetchTransportOptions } from "./transports/fetch.js";

// Embed builders, their inputs and the schemas that validate them.
export {
  ALERT_SEVERITIES,
  BILLING_EVENTS,
  billingEventInputSchema,
  COLORS,
  CRITICAL_USAGE_PERCENT,
  customEmbedInputSchema,
  DEFAULT_USAGE_THRESHOLD,
  embeds,
  EVENT_INPUT_SCHEMAS,
  EVENT_WEBHOOK_TYPES,
  INPUT_LIMITS,
  NODE_RESOURCES,
  nodeAlertInputSchema,
  SERVER_STATES,
  serverStateChangeInputSchema,
  settingsUpdateInputSchema,
  supportTicketInputSchema,
  SYNC_COUNTS,
  syncCompletionInputSchema,
  systemAlertInputSchema,
  TICKET_ACTIONS,
  TICKET_PRIORITIES,
} from "./embeds/index.js";
export type {
  AlertSeverity,
  BillingEventInput,
  BillingEventKind,
  Branding,
  ColorName,
  CustomEmbedInput,
  EmbedBuilderFn,
  EmbedBuilders,
  EmbedOptions,
  EventInputs,
  EventName,
  NodeAlertInput,
  NodeResource,
  ServerState,
  ServerStateChangeInput,
  SettingsUpdateInput,
  SupportTicketInput,
  SyncCompletionInput,
  SyncSummary,
  SystemAlertInput,
  TicketAction,
  TicketPriority,
} from "./embeds/index.js";

// Discord's message shapes, limits and text helpers.
export { DISCORD_LIMITS } from "./discord/limits.js";
export { embedLength, embedSchema, messageSchema } from "./discord/schemas.js";
export type { AllowedMentions, AllowedMentionsInput, DiscordComponents, DiscordEmbed, DiscordEmbedField, DiscordMessage } from "./discord/schemas.js";
export { AllowedMentionsTypes } from "./discord/schemas.js";
export { codeSpan, escapeMarkdown, neutralizeMentions, truncate } from "./discord/text.js";
export { packEmbeds } from "./discord/pack.js";
export type { PackOptions } from "./discord/pack.js";

// Webhook URLs and their tokens.
export { canonicalWebhookUrl, isWebhookUrl, parseWebhookUrl } from "./discord/webhook-url.js";
export type { ParsedWebhookUrl } from "./discord/webhook-url.js";
export { maskWebhookUrl, redact } from "./discord/redact.js";

// Managing webhooks: the management API for your users' webhooks.
export { createWebhookManager } from "./webhooks/manager.js";
export { actorSchema } from "./webhooks/schemas.js";
export type {
  Actor,
  CreateWebhookRequest,
  ManagerListFilter,
  PublicWebhook,
  TestWebhookOptions,
  UpdateWebhookRequest,
  WebhookManager,
  WebhookManagerOptions,
  WebhookTestResult,
  WebhookTester,
} from "./webhooks/types.js";
export type {
  DeliveriesQuery,
  DeliveryLogTester,
  PublicDelivery,
  ResendFailedOptions,
  ResendFailedResult,
  ResendOutcome,
  TesterResult,
} from "./webhooks/delivery-types.js";

// The delivery log: the port and its in-process implementation.
export { DELIVERY_STATUSES } from "./delivery-log/types.js";
export type { DeliveryLog, DeliveryLogEntry, DeliveryLogQuery, DeliveryLogRetention, DeliveryStatus } from "./delivery-log/types.js";
export { memoryDeliveryLog } from "./delivery-log/memory.js";
export type { MemoryDeliveryLogOptions } from "./delivery-log/memory.js";

// HTTP: the management routes as a fetch handler, its Node.js adapter and the drop-in panel.
export { createWebhookRoutes, toNodeHandler } from "./http/index.js";
export type { CsrfOptions, ErrorBody, FetchHandler, NodeHandler, NodeHandlerOptions, WebhookRoutesOptions } from "./http/index.js";
export { DEFAULT_PANEL_LABELS } from "./panel/labels.js";
export type { PanelLabels, PanelLabelsInput } from "./panel/labels.js";
export type { PanelOptions } from "./panel/index.js";

// Rendering a message as HTML (Discord's look).
export { MESSAGE_CSS, renderMessageHtml } from "./render/index.js";
export type { RenderableMessage, RenderMessageOptions } from "./render/index.js";
