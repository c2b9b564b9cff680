import * as z from "zod";
import type { DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import { code, inline, inlineLine } from "./format.js";
import { field, finishEmbed, userField } from "./build.js";
import { baseInputShape, httpUrlSchema, longTextSchema, requiredTextSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type EmbedOptions } from "./shared.js";

/** What happened to a ticket. */
export const TICKET_ACTIONS = ["created", "updated", "replied", "resolved", "closed"] as const;
/** A ticket action. */
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** Ticket priorities, lowest first. */
export const TICKET_PRIORITIES = ["low", "medium", "high", "urgent"] as const;
/** A ticket priority. */
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Input of {@link supportTicket}: a support ticket was opened, changed, answered or closed. */
export const supportTicketInputSchema = z.object({
  action: z.enum(TICKET_ACTIONS),
  /** The ticket's id or number. */
  ticketId: z.union([requiredTextSchema, z.number().int().min(0)]),
  /** The ticket's subject; an empty one is shown as "(no subject)". */
  subject: textSchema(),
  /** Who opened or answered it. */
  user: textSchema().optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  /** The message (for created and replied), quoted below the subject. */
  message: longTextSchema.optional(),
  /** Who the ticket is assigned to. */
  assignee: textSchema().optional(),
  /** Link to the ticket. */
  url: httpUrlSchema.optional(),
  ...baseInputShape,
}).refine(...totalTextCap);

/** Input of {@link supportTicket}. Equal to `z.input<typeof supportTicketInputSchema>` (a type test keeps them in step). */
export interface SupportTicketInput {
  /** What happened to the ticket. */
  action: TicketAction;
  /** The ticket's id (not blank) or number (whole, ≥ 0). */
  ticketId: string | number;
  /** The ticket's subject; an empty one is shown as "(no subject)". */
  subject: string;
  /** Who opened or answered it. */
  user?: string;
  /** The ticket's priority. */
  priority?: TicketPriority;
  /** The message (for created and replied), quoted below the subject. */
  message?: string;
  /** Who the ticket is assigned to. */
  assignee?: string;
  /** Link to the ticket (an http(s) URL). */
  url?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

const LOOK: Record<TicketAction, { emoji: string; title: string; color: number }> = {
  created: { emoji: "🎫", title: "New support ticket", color: COLORS.support },
  updated: { emoji: "✏️", title: "Ticket updated", color: COLORS.support },
  replied: { emoji: "💬", title: "New reply on ticket", color: COLORS.support },
  resolved: { emoji: "✅", title: "Ticket resolved", color: COLORS.success },
  closed: { emoji: "🔒", title: "Ticket closed", color: COLORS.support },
};

const PRIORITY: Record<TicketPriority, string> = {
  low: "🟢 Low",
  medium: "🟡 Medium",
  high: "🟠 High",
  urgent: "🔴 Urgent",
};

/** Quotes user text to the end of the description (Discord's `>>> `), so it reads as the user's message. */
function quote(text: string, max: number): string {
  if (max < 5) return "";
  const body = inline(text, max - 4);
  return body === "" ? "" : `>>> ${body}`;
}

/**
 * A support ticket event (SUPPORT webhooks), in cyan (resolved in green): subject and message in the description,
 * ticket, user and priority as fields.
 *
 * @example
 * ```ts
 * embeds.supportTicket({ action: "created", ticketId: 4711, subject: "Server won't start", priority: "high" })
 * ```
 */
export function supportTicket(input: SupportTicketInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(supportTicketInputSchema, input, "supportTicket input");
  const look = LOOK[data.action];
  const subject = inlineLine(data.subject, 256);
  return finishEmbed(
    {
      title: `${look.emoji} ${look.title}`,
      color: look.color,
      url: data.url,
      description: (max) => {
        const head = `**${subject === "" ? "(no subject)" : subject}**`;
        const body = data.message === undefined ? "" : quote(data.message, max - head.length - 1);
        return body === "" ? head : `${head}\n${body}`;
      },
      fields: [
        field("Ticket", code(`#${String(data.ticketId)}`, 128)),
        field("Status", data.action.charAt(0).toUpperCase() + data.action.slice(1)),
        data.priority === undefined ? undefined : field("Priority", PRIORITY[data.priority]),
        userField("User", data.user, (t) => inline(t, 256)),
        userField("Assignee", data.assignee, (t) => inline(t, 256)),
      ],
    },
    data.timestamp,
    options,
  );
}
