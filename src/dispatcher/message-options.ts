/**
 * The message options of a call (username, avatar, thread, content, mentions): their schemas, and the wire options
 * of one delivery (call options first, then the webhook record, then branding).
 */
import * as z from "zod";
import type { WireMessageOptions } from "../delivery/types.js";
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { allowedMentionsSchema, type AllowedMentions, type AllowedMentionsInput } from "../discord/schemas.js";
import { discordLength, replaceLoneSurrogates } from "../discord/text.js";
import { forbiddenUsernameWord, isHttpUrl, SNOWFLAKE, toHttpUrl, USERNAME_WORD_MESSAGE } from "../discord/rules.js";
import { parseOrThrow } from "../discord/validate.js";
import { brandingSchema } from "../embeds/inputs.js";
import type { Branding } from "../embeds/shared.js";
import { ownProperty } from "../own.js";
import { WEBHOOK_SCOPES, type WebhookRecord } from "../types.js";
import type { DispatchOptions, MessageOptions } from "./types.js";

// Discord answers 400 for a body with half of a surrogate pair (embeds are checked by the embed schema).
const noLoneSurrogate = (s: string): boolean => replaceLoneSurrogates(s) === s;

// Trimmed first: what is sent is the trimmed URL, never a padded one Discord would refuse.
const httpUrl = z.string().trim().refine(isHttpUrl, "must be an http(s) URL");

/** Message options of one call. */
export const messageOptionsSchema = z.object({
  username: z
    .string()
    .refine(noLoneSurrogate, "must not contain lone surrogates")
    .refine((s) => discordLength(s) >= L.usernameMin && discordLength(s) <= L.usernameMax, "must be 1-80 characters")
    .refine((s) => forbiddenUsernameWord(s) === undefined, USERNAME_WORD_MESSAGE)
    .optional(),
  avatarUrl: httpUrl.optional(),
  threadId: z.string().regex(SNOWFLAKE, "must be a snowflake").optional(),
  content: z
    .string()
    .refine(noLoneSurrogate, "must not contain lone surrogates")
    .refine((s) => discordLength(s) <= L.content, `must be at most ${L.content} characters`)
    .optional(),
  mentions: allowedMentionsSchema.optional(),
});

/** Routing and message options of an event call. */
export const dispatchOptionsSchema = messageOptionsSchema.extend({
  userId: z.string().min(1).nullable().optional(),
  scopes: z.array(z.enum(WEBHOOK_SCOPES)).optional(),
  wait: z.boolean().optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/** Options of an event call after validation (`mentions` normalised to Discord's wire form). */
export type ParsedDispatchOptions = z.output<typeof dispatchOptionsSchema>;
/** Message options after validation. */
export type ParsedMessageOptions = z.output<typeof messageOptionsSchema>;

/** Validates the options of an event call (throws `ValidationError`). */
export function parseDispatchOptions(options: DispatchOptions | undefined): ParsedDispatchOptions {
  return parseOrThrow(dispatchOptionsSchema, options ?? {}, "dispatch options");
}

/** Validates message options (throws `ValidationError`). */
export function parseMessageOptions(options: MessageOptions | undefined): ParsedMessageOptions {
  return parseOrThrow(messageOptionsSchema, options ?? {}, "message options");
}

/** Validates the dispatcher-wide default `mentions` once, at creation (throws `ValidationError`). */
export function parseDefaultMentions(mentions: AllowedMentionsInput | undefined): AllowedMentions | undefined {
  return mentions === undefined ? undefined : parseOrThrow(allowedMentionsSchema, mentions, "mentions option");
}

/**
 * Parses the dispatcher-wide `branding` once, at creation (throws `ValidationError`), and gives the copy to use: a username or avatar
 * Discord refuses would otherwise make every message of `dispatch()` fail with a 400.
 */
export function parseBranding(branding: Branding | undefined): Branding | undefined {
  // The parsed copy is what is used: its URLs are trimmed, so a padded one is never sent raw.
  return branding === undefined ? undefined : parseOrThrow(brandingSchema, branding, "branding option");
}

/**
 * The wire options of one delivery: call options first, then the webhook record (its `avatarUrl` only when it is
 * an http(s) URL), then branding.
 */
export function wireOptions(
  options: ParsedMessageOptions,
  record: Pick<WebhookRecord, "avatarUrl">,
  branding: Branding | undefined,
  mentions: AllowedMentions | undefined,
): WireMessageOptions {
  const wire: WireMessageOptions = { allowed_mentions: options.mentions ?? mentions ?? { parse: [] } };
  // Own properties only (the call options are parsed into null-prototype objects already): a username or avatar
  // inherited from a polluted Object.prototype is never sent.
  const username = options.username ?? (ownProperty(branding, "username") as string | undefined);
  // A stored avatar Discord would refuse (a row written past the manager) is skipped: it would fail every message.
  const storedAvatar = ownProperty(record, "avatarUrl");
  const stored = typeof storedAvatar === "string" ? toHttpUrl(storedAvatar) : undefined;
  const avatar = options.avatarUrl ?? stored ?? (ownProperty(branding, "avatarUrl") as string | undefined);
  if (username !== undefined) wire.username = username;
  if (avatar !== undefined) wire.avatar_url = avatar;
  if (options.threadId !== undefined) wire.thread_id = options.threadId;
  if (options.content !== undefined && options.content.trim() !== "") wire.content = options.content;
  return wire;
}
