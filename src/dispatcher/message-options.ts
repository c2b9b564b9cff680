/**
 * The message options of a call (username, avatar, thread, content, mentions, silent, forum post, link buttons):
 * their schemas, and the wire options
 * of one delivery (call options first, then the webhook record, then branding).
 */
import * as z from "zod";
import type { WireMessageOptions } from "../delivery/state-queue.js";
import { DISCORD_LIMITS as L, WEBHOOK_MESSAGE_FLAGS } from "../discord/limits.js";
import { allowedMentionsSchema, snowflakeSchema, type AllowedMentions, type AllowedMentionsInput, type DiscordComponents } from "../discord/schemas.js";
import { discordLength } from "../discord/text.js";
import { forbiddenUsernameWord, toHttpUrl, USERNAME_WORD_MESSAGE } from "../discord/rules.js";
import { parseOrThrow } from "../discord/validate.js";
import { brandingSchema } from "../embeds/inputs.js";
import type { Branding } from "../embeds/shared.js";
import { ownProperty } from "../own.js";
import { WEBHOOK_SCOPES, type WebhookRecord } from "../types.js";
import { buttonsSchema, httpUrl, noLoneSurrogate, threadSchema } from "./message-parts.js";
import type { DispatchOptions, MessageOptions } from "./types.js";

/** Message options of one call, before the rule between fields. */
const baseMessageOptions = z.object({
  username: z
    .string()
    .refine(noLoneSurrogate, "must not contain lone surrogates")
    .refine((s) => discordLength(s) >= L.usernameMin && discordLength(s) <= L.usernameMax, "must be 1-80 characters")
    .refine((s) => forbiddenUsernameWord(s) === undefined, USERNAME_WORD_MESSAGE)
    .optional(),
  avatarUrl: httpUrl.optional(),
  threadId: snowflakeSchema.optional(),
  content: z
    .string()
    .refine(noLoneSurrogate, "must not contain lone surrogates")
    .refine((s) => discordLength(s) <= L.content, `must be at most ${L.content} characters`)
    .optional(),
  mentions: allowedMentionsSchema.optional(),
  silent: z.boolean().optional(),
  thread: threadSchema.optional(),
  buttons: buttonsSchema.optional(),
});

// Discord answers 400 (220002) for a message with both `thread_id` and `thread_name`.
const oneThread: [(o: { thread?: unknown; threadId?: unknown }) => boolean, { error: string; path: string[] }] = [
  (o) => o.thread === undefined || o.threadId === undefined,
  { error: "threadId (an existing thread) and thread (a new post) are mutually exclusive", path: ["thread"] },
];

/** Message options of one call. Unknown keys are refused: a misspelt option would otherwise do nothing, silently. */
export const messageOptionsSchema = baseMessageOptions.strict().refine(...oneThread);

/**
 * Routing and message options of an event call. Unknown keys are refused: a misspelt `userId` (`userID`) would
 * otherwise route a customer's event as one without a customer, to PUBLIC webhooks.
 */
export const dispatchOptionsSchema = baseMessageOptions
  .extend({
    userId: z.string().min(1).nullable().optional(),
    scopes: z.array(z.enum(WEBHOOK_SCOPES)).optional(),
    wait: z.boolean().optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
    // Already read and checked by readFiles (files.ts): plain JSON here.
    files: z.array(z.object({ name: z.string(), contentType: z.string(), description: z.string().optional(), data: z.string() })).optional(),
  })
  .strict()
  .refine(...oneThread);

/** Options of an event call after validation (`mentions` normalised to Discord's wire form). */
export type ParsedDispatchOptions = z.output<typeof dispatchOptionsSchema>;
/** Message options after validation. */
export type ParsedMessageOptions = z.output<typeof messageOptionsSchema>;

/**
 * Validates the options of an event call (throws `ValidationError`). `tx` (a live client, see outbox.ts) and `files`
 * (read by files.ts) are checked apart, never copied here; the parsed `files` are the ones read.
 */
export function parseDispatchOptions(options: DispatchOptions | undefined): ParsedDispatchOptions {
  // No options: nothing to check (every option is optional); the parsed form is an empty own-data object (made like
  // ownData's, in V8's fast mode: `Object.create(null)` would be a hash table held by every pending delivery).
  if (options === undefined) return Object.setPrototypeOf({}, null) as ParsedDispatchOptions;
  // Read by their own parsers: the transaction (outbox.ts), the files (files.ts), the incident (incidents/signals.ts).
  const rest: Record<string, unknown> = { ...options };
  delete rest.tx;
  delete rest.files;
  delete rest.incident;
  return parseOrThrow(dispatchOptionsSchema, rest, "dispatch options");
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

/** The default `allowed_mentions` (nothing pings): one object shared by every message, never changed. */
export const NO_MENTIONS: AllowedMentions = { parse: [] };

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
  const wire: WireMessageOptions = { allowed_mentions: options.mentions ?? mentions ?? NO_MENTIONS };
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
  if (options.silent === true) wire.flags = WEBHOOK_MESSAGE_FLAGS.suppressNotifications;
  if (options.thread !== undefined) {
    wire.thread_name = options.thread.name;
    if (options.thread.tags !== undefined && options.thread.tags.length > 0) wire.applied_tags = options.thread.tags;
  }
  if (options.buttons !== undefined && options.buttons.length > 0) wire.components = buttonRows(options.buttons);
  return wire;
}

/** Link buttons as Discord's action rows (type 1) of link buttons (type 2, style 5), 5 to a row, order kept. */
export function buttonRows(buttons: readonly { label: string; url: string }[]): DiscordComponents {
  const rows: DiscordComponents = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow) {
    rows.push({ type: 1, components: buttons.slice(i, i + L.buttonsPerRow).map((b) => ({ type: 2 as const, style: 5 as const, label: b.label, url: b.url })) });
  }
  return rows;
}
