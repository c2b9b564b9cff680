/**
 * Who may see and change which webhook.
 *
 * - Admins see and manage every webhook.
 * - A user sees and manages only USER-scope webhooks whose `userId` is their own. Any other webhook is answered
 *   as "not found" rather than "forbidden", so a user cannot probe which ids exist.
 * - Asking for something a user may never have (ADMIN or PUBLIC scope, another owner, an actor without a user id)
 *   is answered "forbidden": there the request itself, not an id, is what is refused.
 */
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { WebhookRecord, WebhookScope } from "../types.js";
import type { Actor } from "./types.js";

/** `true` when `actor` may see (and so manage) `record`. */
export function canSee(actor: Actor, record: WebhookRecord): boolean {
  if (actor.isAdmin) return true;
  return actor.userId !== null && record.scope === "USER" && record.userId === actor.userId;
}

/** Throws {@link ForbiddenError} for a non-admin actor without a user id: they own nothing. */
export function assertCanManage(actor: Actor): void {
  if (!actor.isAdmin && actor.userId === null) {
    throw new ForbiddenError("This account has no user id, so it cannot manage webhooks.");
  }
}

/** The record, or a {@link NotFoundError} when it does not exist or `actor` may not see it. */
export function visibleOrThrow(actor: Actor, id: string, record: WebhookRecord | null): WebhookRecord {
  if (!record || !canSee(actor, record)) throw new NotFoundError(`Webhook "${safeId(id)}" not found.`);
  return record;
}

/**
 * Checks the scope and owner a webhook would end up with, and returns the owner to store.
 * Non-admins: USER scope only, owned by themselves ({@link ForbiddenError} otherwise). Admins: USER scope needs an
 * owner; on creation it defaults to the admin's own user id. Without one: {@link ValidationError}.
 */
export function resolveOwner(
  actor: Actor,
  scope: WebhookScope,
  requested: string | null | undefined,
  current: string | null,
  creating: boolean,
): string | null {
  if (!actor.isAdmin) {
    if (scope !== "USER") throw new ForbiddenError(`Only admins can manage ${scope} webhooks.`);
    if (requested != null && requested !== actor.userId) {
      throw new ForbiddenError("You can only manage your own webhooks.");
    }
    return actor.userId;
  }
  const owner = requested === undefined ? current : requested;
  if (scope !== "USER" || owner !== null) return owner;
  if (creating && requested === undefined && actor.userId !== null) return actor.userId;
  throw new ValidationError("webhook", [{ path: "userId", message: "is required for USER scope" }]);
}

// Ids come from URLs; keep error messages short and printable whatever was sent.
function safeId(id: string): string {
  return id.replace(/[^\w.-]/g, "").slice(0, 64);
}
