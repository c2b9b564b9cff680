import { ConfigError } from "../errors.js";
import { createPanelHandler, type PanelLabelsInput, type PanelOptions } from "../panel/index.js";
import { redact } from "../discord/redact.js";
import { toActor } from "../webhooks/access.js";
import type { Actor, CreateWebhookRequest, UpdateWebhookRequest, WebhookManager } from "../webhooks/types.js";
import { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, readJsonBody, type BodyLimits } from "./body.js";
import { createOriginCheck, type CsrfOptions } from "./origin.js";
import { deliveriesQuery, listFilter, matchRoute, normalizeBase, resendFailedBody, wantsVerify, type Route } from "./request-parts.js";
import { HttpError, empty, json, toErrorResponse } from "./responses.js";

/** A Fetch-API handler: what Next.js route handlers, Hono, Bun, Deno and the Node bridge all speak. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Options of {@link createWebhookRoutes}. */
export interface WebhookRoutesOptions {
  /** The management layer (see `createWebhookManager`). */
  manager: WebhookManager;
  /**
   * Who is asking, from the request (session cookie, bearer token...). `null` answers 401. What it returns is
   * checked: an admin is `isAdmin: true` exactly, anyone else needs a non-empty string `userId`; anything else
   * (`isAdmin: "false"`, no `userId`, `undefined`) answers 500 `BAD_ACTOR` and is reported to `onError`.
   */
  authorize: (request: Request) => Actor | null | Promise<Actor | null>;
  /** Path prefix the routes live under, e.g. `/api/webhooks`; other paths answer 404. Default `""` (the root). */
  basePath?: string;
  /**
   * Cross-site request protection. By default a POST, PATCH or DELETE must send `Content-Type: application/json`
   * (a bodiless `POST /:id/test` too) or come from the app's own origin, and one whose `Origin` names another site
   * is refused with 403 even with JSON: a form, `sendBeacon` or `no-cors` fetch on another site cannot act with the
   * user's cookies. `{ allowedOrigins }` trusts more origins; `false` turns the check off.
   */
  csrf?: CsrfOptions | false;
  /** Largest accepted request body, in bytes. Default 16 KiB. */
  maxBodyBytes?: number;
  /** How long a request body may take to arrive before the answer is 408, in milliseconds. Default 10 000. */
  bodyTimeoutMs?: number;
  /**
   * Called with each unexpected error (answered as a bare 500). Default: `console.error` of the redacted message.
   * Errors may carry database details in `cause`: redact before logging them anywhere shared.
   */
  onError?: (error: unknown, request: Request) => void;
  /**
   * Also serve the drop-in settings panel: a browser asking for `{basePath}/` as HTML gets a self-contained page
   * (strict CSP, light and dark, keyboard-usable) that manages webhooks through these same routes, so an admin
   * sees every webhook and a customer only their own. JSON answers are unchanged. `true` or {@link PanelOptions}.
   * Default off.
   */
  panel?: boolean | PanelOptions;
  /** The panel's words, for the platform's own terms and language (see `DEFAULT_PANEL_LABELS`). */
  labels?: PanelLabelsInput;
}

const ALLOW: Record<Route["kind"], string> = { collection: "GET, POST", item: "GET, PATCH, DELETE", test: "POST", deliveries: "GET", resend: "POST", resendFailed: "POST" };

/**
 * Fetch-API route handlers for webhook management:
 *
 * | method | path | does |
 * |---|---|---|
 * | GET | `{basePath}` | list (`?type=&scope=&enabled=&userId=`) → `{ webhooks }` |
 * | POST | `{basePath}` | create → 201 `{ webhook }` |
 * | GET / PATCH / DELETE | `{basePath}/:id` | read, update → `{ webhook }`; delete → 204 |
 * | POST | `{basePath}/:id/test` | test (`{ "verify": true }` only checks existence) → the test result |
 * | GET | `{basePath}/:id/deliveries` | delivery log (`?status=&before=&limit=`) → `{ deliveries }` |
 * | POST | `{basePath}/deliveries/:deliveryId/resend` | resend one logged delivery → the resend outcome |
 * | POST | `{basePath}/:id/resend-failed` | resend what failed (`{ "since": iso }`) → `{ resent, skipped }` |
 * | GET | `{basePath}/` (Accept: text/html) | with `panel`: the settings page |
 * | GET / POST | `{basePath}/_panel/preview`, `/_panel/render` | with `panel`: messages rendered for the page |
 *
 * Errors are `{ error: { code, message, issues? } }` with 400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429 or 500.
 * Mutating requests must be JSON or same-origin (see `csrf`): send `Content-Type: application/json` on every POST,
 * PATCH and DELETE, with or without a body.
 *
 * @example
 * ```ts
 * // app/api/webhooks/[[...path]]/route.ts (Next.js)
 * const handler = createWebhookRoutes({ manager, authorize, basePath: "/api/webhooks" });
 * export { handler as GET, handler as POST, handler as PATCH, handler as DELETE };
 * ```
 */
export function createWebhookRoutes(options: WebhookRoutesOptions): FetchHandler {
  const base = normalizeBase(options.basePath ?? "");
  const limits: BodyLimits = { maxBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, timeoutMs: options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS };
  const onError = options.onError ?? defaultOnError;
  const checkOrigin = createOriginCheck(options.csrf);
  const { manager } = options;
  const panel = options.panel
    ? createPanelHandler({
        base,
        labels: options.labels,
        options: options.panel === true ? {} : options.panel,
        authorize: (request) => authorizeOrThrow(options.authorize, request, onError),
        limits,
        checkOrigin,
      })
    : null;

  const handle = async (request: Request): Promise<Response> => {
    const panelAnswer = panel ? await panel(request) : null;
    if (panelAnswer) return panelAnswer;
    const route = matchRoute(new URL(request.url).pathname, base);
    if (!route) throw new HttpError(404, "NOT_FOUND", "No such route.");
    const method = request.method.toUpperCase();
    if (!ALLOW[route.kind].split(", ").includes(method)) {
      throw new HttpError(405, "METHOD_NOT_ALLOWED", `Use ${ALLOW[route.kind]} here.`, { allow: ALLOW[route.kind] });
    }
    checkOrigin(request, method);
    const actor = await authorizeOrThrow(options.authorize, request, onError);

    if (route.kind === "collection") {
      // With the panel, the same URL also answers HTML: caches must key on Accept.
      if (method === "GET") return json(200, { webhooks: await manager.list(actor, listFilter(new URL(request.url))) }, panel ? { vary: "Accept" } : {});
      const body = (await readJsonBody(request, limits)) as CreateWebhookRequest; // validated by the manager
      return json(201, { webhook: await manager.create(actor, body) });
    }
    if (route.kind === "test") {
      const body = await readJsonBody(request, { ...limits, optional: true });
      return json(200, await manager.test(actor, route.id, { verify: wantsVerify(body, new URL(request.url)) }));
    }
    if (route.kind === "deliveries") return json(200, { deliveries: await manager.deliveries(actor, route.id, deliveriesQuery(new URL(request.url))) });
    if (route.kind === "resend") return json(200, await manager.resend(actor, route.deliveryId));
    if (route.kind === "resendFailed") {
      const body = await readJsonBody(request, { ...limits, optional: true });
      return json(200, await manager.resendFailed(actor, route.id, resendFailedBody(body)));
    }
    if (method === "GET") return json(200, { webhook: await manager.get(actor, route.id) });
    if (method === "DELETE") {
      await manager.delete(actor, route.id);
      return empty(204);
    }
    const patch = (await readJsonBody(request, limits)) as UpdateWebhookRequest; // validated by the manager
    return json(200, { webhook: await manager.update(actor, route.id, patch) });
  };

  return async (request) => {
    try {
      return await handle(request);
    } catch (error) {
      const { response, unexpected } = toErrorResponse(error);
      if (unexpected) onError(error, request);
      return response;
    }
  };
}

// The actor decides what is granted, so it is checked, never trusted: a bad one is the host's bug, answered 500.
async function authorizeOrThrow(authorize: WebhookRoutesOptions["authorize"], request: Request, onError: NonNullable<WebhookRoutesOptions["onError"]>): Promise<Actor> {
  const returned: unknown = await authorize(request);
  if (returned === null) throw new HttpError(401, "UNAUTHORIZED", "Sign in to manage webhooks.");
  const actor = toActor(returned);
  if (actor) return actor;
  onError(new ConfigError("authorize returned a bad actor: an admin needs isAdmin true, a user a non-empty string userId."), request);
  throw new HttpError(500, "BAD_ACTOR", "authorize returned a bad actor (the server's sign-in check is broken); nothing was done.");
}

function defaultOnError(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : "non-Error thrown";
  console.error(`[discord-webhook-dispatcher] webhook route failed: ${redact(message)}`);
}
