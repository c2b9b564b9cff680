/**
 * Framework-agnostic HTTP route handlers for webhook management, and a bridge for Node/Express.
 * @packageDocumentation
 */
export { createWebhookRoutes } from "./routes.js";
export type { FetchHandler, WebhookRoutesOptions } from "./routes.js";
export type { CsrfOptions } from "./origin.js";
export { toNodeHandler } from "./node.js";
export type { NodeHandler, NodeHandlerOptions } from "./node.js";
export { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, isJsonContentType } from "./body.js";
export type { ErrorBody } from "./responses.js";
export { DEFAULT_PANEL_LABELS, resolveLabels } from "../panel/index.js";
export type { PanelLabels, PanelLabelsInput, PanelOptions } from "../panel/index.js";
