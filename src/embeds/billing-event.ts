import * as z from "zod";
import type { DiscordEmbed } from "../discord/schemas.js";
import { parseOrThrow } from "../discord/validate.js";
import { code, formatAmount, inline } from "./format.js";
import { field, finishEmbed, userField } from "./build.js";
import { baseInputShape, httpUrlSchema, textSchema, totalTextCap } from "./inputs.js";
import { COLORS, type EmbedOptions } from "./shared.js";

/** The billing events. */
export const BILLING_EVENTS = [
  "invoice_created",
  "invoice_paid",
  "invoice_overdue",
  "payment_succeeded",
  "payment_failed",
  "subscription_created",
  "subscription_renewed",
  "subscription_cancelled",
  "refund",
] as const;
/** A billing event. */
export type BillingEventKind = (typeof BILLING_EVENTS)[number];

/** Input of {@link billingEvent}: something happened to an invoice, payment or subscription. */
export const billingEventInputSchema = z.object({
  event: z.enum(BILLING_EVENTS),
  /** The amount in major units (12.5 is $12.50 with currency "USD"). */
  amount: z.number().optional(),
  /** ISO 4217 code, any case, e.g. "usd". */
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "must be a three-letter ISO 4217 code")
    .optional(),
  /** Who it is about (a name or e-mail). */
  customer: textSchema().optional(),
  invoiceId: textSchema().optional(),
  /** The plan or product, e.g. "VPS M". */
  plan: textSchema().optional(),
  /** Why, e.g. a decline reason for a failed payment. */
  reason: textSchema().optional(),
  /** Link to the invoice or payment. */
  url: httpUrlSchema.optional(),
  ...baseInputShape,
}).refine(...totalTextCap);

/** Input of {@link billingEvent}. Equal to `z.input<typeof billingEventInputSchema>` (a type test keeps them in step). */
export interface BillingEventInput {
  /** What happened, e.g. "invoice_paid" or "payment_failed". */
  event: BillingEventKind;
  /** The amount in major units (12.5 is $12.50 with currency "USD"). */
  amount?: number;
  /** ISO 4217 code, any case, e.g. "usd". */
  currency?: string;
  /** Who it is about (a name or e-mail). */
  customer?: string;
  /** The invoice's id. */
  invoiceId?: string;
  /** The plan or product, e.g. "VPS M". */
  plan?: string;
  /** Why, e.g. a decline reason for a failed payment. */
  reason?: string;
  /** Link to the invoice or payment (an http(s) URL). */
  url?: string;
  /** When it happened: a `Date`, an ISO 8601 date-time with offset (or `Z`), or epoch milliseconds. Default: the builder's `now()`, else none. */
  timestamp?: Date | string | number;
}

const LOOK: Record<BillingEventKind, { emoji: string; title: string; color: number }> = {
  invoice_created: { emoji: "🧾", title: "Invoice created", color: COLORS.info },
  invoice_paid: { emoji: "✅", title: "Invoice paid", color: COLORS.success },
  invoice_overdue: { emoji: "⏰", title: "Invoice overdue", color: COLORS.failure },
  payment_succeeded: { emoji: "💳", title: "Payment succeeded", color: COLORS.success },
  payment_failed: { emoji: "❌", title: "Payment failed", color: COLORS.failure },
  subscription_created: { emoji: "🎉", title: "Subscription created", color: COLORS.success },
  subscription_renewed: { emoji: "🔁", title: "Subscription renewed", color: COLORS.success },
  subscription_cancelled: { emoji: "🛑", title: "Subscription cancelled", color: COLORS.alert },
  refund: { emoji: "↩️", title: "Refund issued", color: COLORS.warning },
};

/**
 * A billing event (BILLING webhooks): paid and succeeded are green, failed and overdue red, cancelled orange,
 * refunds yellow, new invoices blue. Amounts are formatted with their currency ("en-US": `$12.50`, `€9.99`).
 *
 * @example
 * ```ts
 * embeds.billingEvent({ event: "payment_failed", amount: 24.99, currency: "EUR", customer: "bob@example.com" })
 * ```
 */
export function billingEvent(input: BillingEventInput, options?: EmbedOptions): DiscordEmbed {
  const data = parseOrThrow(billingEventInputSchema, input, "billingEvent input");
  const look = LOOK[data.event];
  const amount = data.amount === undefined ? undefined : formatAmount(data.amount, data.currency);
  const customer = data.customer === undefined ? "" : inline(data.customer, 256);
  const parts = [look.title, customer === "" ? "" : ` for **${customer}**`, amount === undefined ? "" : `: **${amount}**`];
  return finishEmbed(
    {
      title: `${look.emoji} ${look.title}`,
      color: look.color,
      url: data.url,
      description: `${parts.join("")}.`,
      fields: [
        field("Event", look.title),
        amount === undefined ? undefined : field("Amount", amount),
        userField("Customer", data.customer, () => customer),
        userField("Invoice", data.invoiceId, (t) => code(t, 128)),
        userField("Plan", data.plan, (t) => inline(t, 256)),
        userField("Reason", data.reason, (t) => inline(t, 1024), false),
      ],
    },
    data.timestamp,
    options,
  );
}
