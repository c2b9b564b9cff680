import * as z from "zod";
import { DISCORD_LIMITS as L, WEBHOOK_MESSAGE_FLAGS } from "./limits.js";
import { forbiddenUsernameWord, isHttpUrl, SNOWFLAKE, USERNAME_WORD_MESSAGE } from "./rules.js";
import { discordLength } from "./text.js";
import { textSchema } from "./text-schema.js";

/**
 * Discord's execute-webhook message and embed, as zod schemas with every documented limit.
 * Lengths are checked in code points after trimming, as Discord counts them.
 */

function httpUrl(allowAttachment: boolean) {
  return z.string().refine((s) => {
    if (allowAttachment && s.startsWith("attachment://")) return s.length > 13 && !/\s/.test(s);
    return isHttpUrl(s);
  }, allowAttachment ? "must be an http(s) or attachment:// URL" : "must be an http(s) URL");
}

/** A Discord snowflake id (17-20 digits), as thread, message, tag and mention ids carry it: the one schema for it. */
export const snowflakeSchema = z.string().regex(SNOWFLAKE, "must be a snowflake");

/** One embed field. */
export const embedFieldSchema = z.object({
  name: textSchema(L.fieldName, true),
  value: textSchema(L.fieldValue, true),
  inline: z.boolean().optional(),
});

const imageSchema = z.object({ url: httpUrl(true) });

/** A Discord embed with every per-embed limit. */
export const embedSchema = z
  .object({
    title: textSchema(L.embedTitle, false).optional(),
    description: textSchema(L.embedDescription, false).optional(),
    url: httpUrl(false).optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    color: z.number().int().min(0).max(L.colorMax).optional(),
    footer: z.object({ text: textSchema(L.footerText, true), icon_url: httpUrl(true).optional() }).optional(),
    image: imageSchema.optional(),
    thumbnail: imageSchema.optional(),
    author: z
      .object({ name: textSchema(L.authorName, true), url: httpUrl(false).optional(), icon_url: httpUrl(true).optional() })
      .optional(),
    fields: z.array(embedFieldSchema).max(L.embedFields).optional(),
  })
  .refine(
    (e) =>
      Boolean(e.title?.trim() || e.description?.trim() || e.image || e.thumbnail || e.author || e.footer) ||
      (e.fields?.length ?? 0) > 0,
    "an embed needs at least a title, description, field, image, thumbnail, author or footer",
  )
  .refine((e) => embedLength(e) <= L.embedTotal, `embed text must total at most ${L.embedTotal} characters`);

/** A Discord embed (plain object, Discord's wire names). */
export type DiscordEmbed = z.infer<typeof embedSchema>;
/** A field of a {@link DiscordEmbed}. */
export type DiscordEmbedField = z.infer<typeof embedFieldSchema>;

/** The parts of an embed whose text counts toward Discord's 6000-character limit. */
export interface EmbedTextParts {
  title?: string | undefined;
  description?: string | undefined;
  footer?: { text: string } | undefined;
  author?: { name: string } | undefined;
  fields?: readonly { name: string; value: string }[] | undefined;
}

/** Characters Discord counts toward the 6000 limit for one embed. */
export function embedLength(embed: EmbedTextParts): number {
  let n = 0;
  if (embed.title) n += discordLength(embed.title);
  if (embed.description) n += discordLength(embed.description);
  if (embed.footer) n += discordLength(embed.footer.text);
  if (embed.author) n += discordLength(embed.author.name);
  for (const f of embed.fields ?? []) n += discordLength(f.name) + discordLength(f.value);
  return n;
}

/**
 * Mention types for `allowed_mentions.parse`. An enum rather than a string union only so that {@link DiscordMessage}
 * stays assignable to `RESTPostAPIWebhookWithTokenJSONBody` of `discord-api-types`, whose enum of the same name and
 * members TypeScript treats as compatible; string literals never are. Inputs may use the plain strings.
 */
export enum AllowedMentionsTypes {
  Everyone = "everyone",
  Role = "roles",
  User = "users",
}

const MENTION_TYPES = {
  everyone: AllowedMentionsTypes.Everyone,
  roles: AllowedMentionsTypes.Role,
  users: AllowedMentionsTypes.User,
} as const;

/** Which mentions in `content` may notify. Default for this package: none. Accepts `"users"`, `"roles"`, `"everyone"`. */
export const allowedMentionsSchema = z.object({
  parse: z
    .array(z.enum(["users", "roles", "everyone"]).transform((t) => MENTION_TYPES[t]))
    .optional(),
  users: z.array(snowflakeSchema).max(100).optional(),
  roles: z.array(snowflakeSchema).max(100).optional(),
})
  // Discord answers 400 when a type is both parsed and listed ("parse" users with "users", roles with "roles").
  .refine((m) => !(m.parse?.includes(AllowedMentionsTypes.User) && m.users), { error: '"users" in parse and a users list are mutually exclusive', path: ["users"] })
  .refine((m) => !(m.parse?.includes(AllowedMentionsTypes.Role) && m.roles), { error: '"roles" in parse and a roles list are mutually exclusive', path: ["roles"] });

const allowedFlags = WEBHOOK_MESSAGE_FLAGS.suppressEmbeds | WEBHOOK_MESSAGE_FLAGS.suppressNotifications | WEBHOOK_MESSAGE_FLAGS.isComponentsV2;

/** A link button (type 2, style 5): the only component a webhook no application owns may send. */
const linkButtonSchema = z.object({
  type: z.literal(2),
  style: z.literal(5),
  label: textSchema(L.buttonLabel, true),
  url: httpUrl(false).refine((s) => s.length <= L.buttonUrl, `must be at most ${L.buttonUrl} characters`),
});

/** Action rows of link buttons: at most 5 rows of 5. */
export const componentsSchema = z.array(z.object({ type: z.literal(1), components: z.array(linkButtonSchema).min(1).max(L.buttonsPerRow) })).max(L.componentRows);

/** The `components` of a message: action rows of link buttons. */
export type DiscordComponents = z.infer<typeof componentsSchema>;

/** The JSON body of Execute Webhook, as this package sends it. */
export const messageSchema = z
  .object({
    content: textSchema(L.content, false).optional(),
    username: textSchema(L.usernameMax, true)
      .refine((s) => forbiddenUsernameWord(s) === undefined, USERNAME_WORD_MESSAGE)
      .optional(),
    avatar_url: httpUrl(false).optional(),
    tts: z.boolean().optional(),
    embeds: z.array(embedSchema).max(L.embedsPerMessage).optional(),
    allowed_mentions: allowedMentionsSchema.optional(),
    flags: z
      .number()
      .int()
      .refine((f) => (f & ~allowedFlags) === 0, "only SUPPRESS_EMBEDS (4), SUPPRESS_NOTIFICATIONS (4096) and IS_COMPONENTS_V2 (32768) apply")
      .optional(),
    thread_name: textSchema(L.threadName, true).optional(),
    applied_tags: z.array(snowflakeSchema).max(L.appliedTags).optional(),
    components: componentsSchema.optional(),
    /** The files of a multipart message, by their part's index (`files[id]`). */
    attachments: z
      .array(z.object({ id: z.number().int().min(0), filename: z.string().min(1), description: z.string().max(L.attachmentDescription).optional() }))
      .max(L.filesPerMessage)
      .optional(),
  })
  .refine((m) => Boolean(m.content?.trim()) || (m.embeds?.length ?? 0) > 0 || (m.components?.length ?? 0) > 0, "a message needs content, embeds or components")
  .refine(
    (m) => ((m.flags ?? 0) & WEBHOOK_MESSAGE_FLAGS.isComponentsV2) === 0 || (m.content === undefined && m.embeds === undefined),
    "IS_COMPONENTS_V2 (32768) refuses content and embeds",
  )
  .refine(
    (m) => (m.embeds ?? []).reduce((sum, e) => sum + embedLength(e), 0) <= L.embedTotal,
    `all embeds of one message must total at most ${L.embedTotal} characters`,
  );

/** An Execute Webhook body. */
export type DiscordMessage = z.infer<typeof messageSchema>;
/** The `allowed_mentions` object, as parsed (`parse` holds {@link AllowedMentionsTypes}). */
export type AllowedMentions = z.infer<typeof allowedMentionsSchema>;
/** The `allowed_mentions` object as callers may write it (`parse: ["users"]`). */
export type AllowedMentionsInput = z.input<typeof allowedMentionsSchema>;
