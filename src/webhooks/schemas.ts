/**
 * Run-time validation of management input. The webhook URL goes through `parseWebhookUrl` inside the schema,
 * so nothing downstream ever sees (or fetches) a URL that is not a canonical Discord webhook URL.
 */
import * as z from "zod";
import { ValidationError, WebhookUrlError } from "../errors.js";
import { containsWebhookUrl } from "../discord/redact.js";
import { ownData } from "../own.js";
import { toIssues } from "../discord/validate.js";
import { canonicalWebhookUrl, pastedUrlHint } from "../discord/webhook-url.js";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES } from "../types.js";

/** A pasted webhook URL, turned into the canonical form to store. Refusals carry the parser's reason. */
export const webhookUrlSchema = z.string().max(512).transform((value, ctx) => {
  try {
    return canonicalWebhookUrl(value);
  } catch (error) {
    const reason = error instanceof WebhookUrlError ? (error.issues[0]?.message ?? "is invalid") : "is invalid";
    ctx.addIssue({ code: "custom", message: `webhook URL ${reason}` });
    return z.NEVER;
  }
});

/** An image URL for the webhook's avatar: https only, no credentials in it. */
export const avatarUrlSchema = z
  .url({ protocol: /^https$/, error: "must be an https:// URL" })
  .max(2048)
  .refine((v) => !/^https:\/\/[^/?#]*@/i.test(v), "must not contain user info");

/** The owner's id as the host's user table knows it. */
export const ownerIdSchema = z.string().trim().min(1).max(191);

/**
 * A webhook's display name. It shows up in logs and hook events, so one that holds a webhook URL (in any encoding
 * `redact` knows) is refused rather than stored.
 */
export const webhookNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .refine((v) => !containsWebhookUrl(v), "must not contain a webhook URL (paste the URL into webhookUrl)");

/**
 * What `authorize` (or a caller of the manager) must give: an admin is `isAdmin: true` exactly; anyone else needs a
 * non-empty string `userId`. `isAdmin` must be a boolean when present (`"false"` is refused, not read as true).
 */
export const actorSchema = z.union([
  z.object({ isAdmin: z.literal(true), userId: z.string().min(1).max(512).nullable().optional() }),
  z.object({ isAdmin: z.literal(false).optional(), userId: z.string().max(512).refine((v) => v.trim() !== "", "must not be blank") }),
]);

const fields = {
  name: webhookNameSchema,
  webhookUrl: webhookUrlSchema,
  type: z.enum(WEBHOOK_TYPES),
  scope: z.enum(WEBHOOK_SCOPES),
  userId: ownerIdSchema.nullable().optional(),
  avatarUrl: avatarUrlSchema.nullable().optional(),
  enabled: z.boolean().optional(),
};

/** Body of a create request. Unknown keys (`id`, `testSuccessAt`, `disabledReason`...) are refused. */
export const createWebhookSchema = z.strictObject(fields);

/** Body of an update request, a subset of the create fields. */
export const updateWebhookSchema = z.strictObject({
  name: fields.name.optional(),
  webhookUrl: fields.webhookUrl.optional(),
  type: fields.type.optional(),
  scope: fields.scope.optional(),
  userId: fields.userId,
  avatarUrl: fields.avatarUrl,
  enabled: fields.enabled,
});

/** Filter of a list request. */
export const listFilterSchema = z.strictObject({
  type: fields.type.optional(),
  scope: fields.scope.optional(),
  enabled: z.boolean().optional(),
  userId: ownerIdSchema.nullable().optional(),
});

/** A validated create body. */
export type CreateWebhookData = z.output<typeof createWebhookSchema>;
/** A validated update body. */
export type UpdateWebhookData = z.output<typeof updateWebhookSchema>;

/**
 * Parses `input` or throws: a {@link WebhookUrlError} when the URL is the only problem (so callers can tell a
 * hostile or mistyped URL apart), else a {@link ValidationError} listing every bad field. Reads own properties only.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  // Own properties only, in and out (see ownData): a polluted Object.prototype adds no field.
  const own = ownData(input);
  const result = schema.safeParse(own);
  if (result.success) return ownData(result.data);
  const issues = toIssues(result.error);
  const first = issues[0];
  if (issues.length === 1 && first?.path === "webhookUrl") {
    // A channel link or a Slack URL gets the hint of where Discord shows the real webhook URL.
    const hint = pastedUrlHint((own as { webhookUrl?: unknown } | null | undefined)?.webhookUrl);
    throw new WebhookUrlError(first.message.replace(/^webhook URL /, ""), { cause: result.error, ...(hint === undefined ? {} : { userMessage: hint }) });
  }
  throw new ValidationError(what, issues, { cause: result.error });
}
