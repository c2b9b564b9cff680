import { checkString, checkUrl, discordChars, formErrors, isRecord, type FormErrors } from "./form-errors.js";
import { checkEmbed } from "./validate-embed.js";
import { USERNAME_FORBIDDEN_WORDS } from "../../discord/rules.js";

/**
 * Execute Webhook body validation as Discord does it: 400 code 50035 "Invalid Form Body" with an `errors` tree,
 * or 400 code 50006 when nothing would be shown.
 */

const CONTENT_MAX = 2000;
const USERNAME_MAX = 80;
const EMBEDS_MAX = 10;
const EMBED_TOTAL_MAX = 6000;
const ALLOWED_FLAGS = 4 | 4096;
const MENTION_TYPES = new Set(["users", "roles", "everyone"]);

/** A rejection: the status and JSON body to answer. */
export interface Rejection {
  status: number;
  body: Record<string, unknown>;
}

/** The 50035 answer for an `errors` tree. */
export function invalidFormBody(errors: FormErrors): Rejection {
  return { status: 400, body: { message: "Invalid Form Body", code: 50035, errors: errors.tree() } };
}

/** Validates a parsed JSON body; returns the rejection, or `null` when Discord would accept it. */
export function validateMessage(body: unknown): Rejection | null {
  const errors = formErrors();
  if (!isRecord(body)) {
    errors.add([], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return invalidFormBody(errors);
  }
  const content = checkString(errors, ["content"], body.content, CONTENT_MAX);
  checkUsername(errors, body.username);
  checkUrl(errors, ["avatar_url"], body.avatar_url);
  if (body.tts !== undefined && typeof body.tts !== "boolean") {
    errors.add(["tts"], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  }
  checkFlags(errors, body.flags);
  checkAllowedMentions(errors, body.allowed_mentions);
  const embeds = checkEmbeds(errors, body.embeds);
  if (errors.count > 0) return invalidFormBody(errors);
  const hasComponents = Array.isArray(body.components) && body.components.length > 0;
  const hasPoll = isRecord(body.poll);
  if (!content?.trim() && !embeds.anyContent && !hasComponents && !hasPoll) {
    return { status: 400, body: { message: "Cannot send an empty message", code: 50006 } };
  }
  return null;
}

function checkUsername(errors: FormErrors, username: unknown): void {
  if (username === undefined || username === null) return;
  if (typeof username !== "string") {
    errors.add(["username"], "BASE_TYPE_STRING", "Must be a string.");
    return;
  }
  const n = discordChars(username);
  if (n < 1 || n > USERNAME_MAX) {
    errors.add(["username"], "BASE_TYPE_BAD_LENGTH", `Must be between 1 and ${USERNAME_MAX} in length.`);
  }
  for (const word of USERNAME_FORBIDDEN_WORDS) {
    if (username.toLowerCase().includes(word)) {
      errors.add(["username"], "USERNAME_INVALID_CONTAINS", `Username cannot contain "${word}"`);
    }
  }
}

function checkFlags(errors: FormErrors, flags: unknown): void {
  if (flags === undefined || flags === null) return;
  if (typeof flags !== "number" || !Number.isInteger(flags)) {
    errors.add(["flags"], "NUMBER_TYPE_COERCE", `Value ${JSON.stringify(flags)} is not int.`);
  } else if ((flags & ~ALLOWED_FLAGS) !== 0) {
    errors.add(["flags"], "MESSAGE_FLAGS_INVALID", "Invalid message flags");
  }
}

function checkAllowedMentions(errors: FormErrors, mentions: unknown): void {
  if (mentions === undefined || mentions === null) return;
  if (!isRecord(mentions)) {
    errors.add(["allowed_mentions"], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return;
  }
  const parse = mentions.parse;
  if (parse === undefined) return;
  if (!Array.isArray(parse)) {
    errors.add(["allowed_mentions", "parse"], "BASE_TYPE_ARRAY", "Must be an array.");
    return;
  }
  parse.forEach((p: unknown, i) => {
    if (typeof p !== "string" || !MENTION_TYPES.has(p)) {
      errors.add(["allowed_mentions", "parse", i], "BASE_TYPE_CHOICES", "Value must be one of {'users', 'roles', 'everyone'}.");
    }
  });
  // As at Discord: a type cannot be both parsed and listed.
  for (const key of ["users", "roles"] as const) {
    if (parse.includes(key) && mentions[key] !== undefined) {
      errors.add(["allowed_mentions"], "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", `parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`);
    }
  }
}

function checkEmbeds(errors: FormErrors, embeds: unknown): { anyContent: boolean } {
  if (embeds === undefined || embeds === null) return { anyContent: false };
  if (!Array.isArray(embeds)) {
    errors.add(["embeds"], "BASE_TYPE_ARRAY", "Must be an array.");
    return { anyContent: false };
  }
  if (embeds.length > EMBEDS_MAX) {
    errors.add(["embeds"], "BASE_TYPE_MAX_LENGTH", `Must be ${EMBEDS_MAX} or fewer in length.`);
  }
  let total = 0;
  let anyContent = false;
  embeds.forEach((embed: unknown, i) => {
    const r = checkEmbed(errors, ["embeds", i], embed);
    total += r.chars;
    anyContent ||= !r.empty;
  });
  if (total > EMBED_TOTAL_MAX) {
    errors.add(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}`);
  }
  return { anyContent };
}
