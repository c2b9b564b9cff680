/**
 * The parts of a call's message options that are schemas of their own: an http(s) URL, a forum post, link buttons.
 */
import * as z from "zod";
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { isHttpUrl } from "../discord/rules.js";
import { snowflakeSchema as snowflake } from "../discord/schemas.js";
import { discordLength, replaceLoneSurrogates } from "../discord/text.js";

/** Discord answers 400 for a body with half of a surrogate pair (embeds are checked by the embed schema). */
export const noLoneSurrogate = (s: string): boolean => replaceLoneSurrogates(s) === s;

/** An http(s) URL, trimmed first: what is sent is the trimmed URL, never a padded one Discord would refuse. */
export const httpUrl = z.string().trim().refine(isHttpUrl, "must be an http(s) URL");

/** A new forum / media post: its name and the forum's tag ids. */
export const threadSchema = z.strictObject({
  name: z
    .string()
    .refine(noLoneSurrogate, "must not contain lone surrogates")
    .refine((s) => discordLength(s) >= 1 && discordLength(s) <= L.threadName, `must be 1-${L.threadName} characters`),
  tags: z.array(snowflake).max(L.appliedTags, `at most ${L.appliedTags} tags`).optional(),
});

const MAX_BUTTONS = L.componentRows * L.buttonsPerRow;
const INTERACTIVE = "interactive buttons (customId / custom_id) need a webhook an application owns: only link buttons { label, url } can be sent";

/** A link button; an interactive one (with a custom id) is refused with a sentence saying why. */
const buttonSchema = z
  .unknown()
  .superRefine((b, ctx) => {
    if (typeof b === "object" && b !== null && ("customId" in b || "custom_id" in b)) ctx.addIssue({ code: "custom", message: INTERACTIVE });
  })
  .pipe(
    z.strictObject({
      label: z.string().refine((s) => discordLength(s) >= 1 && discordLength(s) <= L.buttonLabel, `must be 1-${L.buttonLabel} characters`),
      url: httpUrl.refine((s) => s.length <= L.buttonUrl, `must be at most ${L.buttonUrl} characters`),
    }),
  );

/** Link buttons of one message: at most 5 rows of 5. */
export const buttonsSchema = z.array(buttonSchema).max(MAX_BUTTONS, `at most ${MAX_BUTTONS} buttons (5 rows of 5)`);

/** The label of the link button an event family's `url` becomes (the page of that thing in the host's panel). */
const PANEL_LABELS: Readonly<Record<string, string>> = {
  serverStateChange: "Open server",
  nodeAlert: "Open node",
  supportTicket: "Open ticket",
  billingEvent: "Open invoice",
  syncCompletion: "Open sync",
  systemAlert: "Open alert",
  settingsUpdate: "Open settings",
};

/**
 * The link button for an event's `url` (the builder puts it on the embed's title): `undefined` when the event has
 * none, or a URL longer than a button may carry (the title link stays).
 */
export function panelButton(event: string, url: string | undefined): { label: string; url: string } | undefined {
  if (url === undefined || url.length > L.buttonUrl) return undefined;
  return { label: PANEL_LABELS[event] ?? "Open", url };
}
