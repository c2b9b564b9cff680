/**
 * Who may see and change which webhook.
 *
 * - Admins see and manage every webhook.
 * - A user sees and manages only USER-scope webhooks whose `userId` is their own. Any other webhook is answered
 *   as "not found" rather than "forbidden", so a user cannot probe which ids exist.
 * - Asking for something a user may never have (ADMIN or PUBLIC scope, another owner, an actor without a user id)
 *   is answered "forbidden": there the request itself, not an id, is what is refused.
 */
import { redact } from "../discord/redact.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import { ownData } from "../own.js";
import type { WebhookRecord, WebhookScope } from "../types.js";
import { actorSchema } from "./schemas.js";
import type { Actor } from "./types.js";

/**
 * The actor as the rules below read it, or `null` when it is not one (see `actorSchema`): admin only for
 * `isAdmin === true`, a user only with a non-empty string `userId`. Only the actor's own properties count: an
 * `isAdmin` inherited from a polluted `Object.prototype` grants nothing.
 */
export function toActor(input: unknown): Actor | null {
  const parsed = actorSchema.safeParse(ownData(input));
  if (!parsed.success) return null;
  const data = ownData(parsed.data);
  return { userId: data.userId ?? null, isAdmin: data.isAdmin === true };
}

/** `true` when `actor` may see (and so manage) `record`. */
export function canSee(actor: Actor, record: WebhookRecord): boolean {
  if (actor.isAdmin) return true;
  return actor.userId !== null && record.scope === "USER" && record.userId === actor.userId;
}

/**
 * The validated actor. Throws {@link ForbiddenError} for anything else (a non-admin without a user id owns
 * nothing; `isAdmin: "false"` or a missing `userId` never grant anything).
 */
export function assertCanManage(input: unknown): Actor {
  const actor = toActor(input);
  if (!actor) {
    throw new ForbiddenError("This account cannot manage webhooks: an admin needs isAdmin true, a user a non-empty userId.");
  }
  return actor;
}

/** A webhook id as given by any caller (a URL segment, `formData.get("id")`): non-strings name nothing. */
export function webhookIdOrThrow(id: unknown): string {
  if (typeof id !== "string" || id === "" || id.length > 256) {
    throw new NotFoundError(typeof id === "string" ? `Webhook "${safeId(id)}" not found.` : "Webhook not found: the id must be a string.");
  }
  return id;
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
    if (scope !== "USER") {
      throw new ForbiddenError(`Only admins can manage ${scope} webhooks.`, { userMessage: `Only admins can manage ${scope.toLowerCase()} webhooks.` });
    }
    if (requested != null && requested !== actor.userId) {
      throw new ForbiddenError("You can only manage your own webhooks.", { userMessage: "You can only manage your own webhooks." });
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
  // Masked before stripping: a webhook URL passed as an id must not leave the start of its token behind.
  return redact(id).replace(/[^\w.*-]/g, "").slice(0, 64);
}
