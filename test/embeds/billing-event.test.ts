import { describe, expect, it } from "vitest";
import { BILLING_EVENTS, COLORS, embeds } from "../../src/embeds/index.js";
import { build, expectDiscordAccepts, expectValidationError, OPTIONS } from "./helpers.js";

describe("embeds.billingEvent", () => {
  it("builds a typical failed payment", () => {
    const embed = embeds.billingEvent(
      {
        event: "payment_failed",
        amount: 24.99,
        currency: "eur",
        customer: "bob@example.com",
        invoiceId: "INV-0042",
        plan: "VPS M",
        reason: "card declined",
        url: "https://billing.example.com/invoices/42",
      },
      OPTIONS,
    );
    expect(embed).toEqual({
      title: "❌ Payment failed",
      description: "Payment failed for **bob@example.com**: **€24.99**.",
      url: "https://billing.example.com/invoices/42",
      color: COLORS.failure,
      fields: [
        { name: "Event", value: "Payment failed", inline: true },
        { name: "Amount", value: "€24.99", inline: true },
        { name: "Customer", value: "bob@example.com", inline: true },
        { name: "Invoice", value: "`INV-0042`", inline: true },
        { name: "Plan", value: "VPS M", inline: true },
        { name: "Reason", value: "card declined", inline: false },
      ],
      footer: { text: "Example Hosting", icon_url: "https://example.com/icon.png" },
      timestamp: "2026-01-02T03:04:05.000Z",
    });
    expectDiscordAccepts(embed);
  });

  const expected = {
    invoice_created: ["🧾 Invoice created", COLORS.info],
    invoice_paid: ["✅ Invoice paid", COLORS.success],
    invoice_overdue: ["⏰ Invoice overdue", COLORS.failure],
    payment_succeeded: ["💳 Payment succeeded", COLORS.success],
    payment_failed: ["❌ Payment failed", COLORS.failure],
    subscription_created: ["🎉 Subscription created", COLORS.success],
    subscription_renewed: ["🔁 Subscription renewed", COLORS.success],
    subscription_cancelled: ["🛑 Subscription cancelled", COLORS.alert],
    refund: ["↩️ Refund issued", COLORS.warning],
  } as const;

  it.each(BILLING_EVENTS)("gives event %s its own title and colour", (event) => {
    const embed = embeds.billingEvent({ event });
    expect([embed.title, embed.color]).toEqual(expected[event]);
    expectDiscordAccepts(embed);
  });

  it.each([
    [12.5, "usd", "$12.50"],
    [1234.5, "USD", "$1,234.50"],
    [9.99, "EUR", "€9.99"],
    [1000, "JPY", "¥1,000"],
    [-5, "GBP", "-£5.00"],
    [7, undefined, "7.00"],
  ])("formats %d %s as %s", (amount, currency, text) => {
    const embed = embeds.billingEvent({ event: "invoice_paid", amount, currency });
    expect(embed.fields?.find((f) => f.name === "Amount")?.value).toBe(text);
  });

  it("shows no amount without one, even with a currency", () => {
    const embed = embeds.billingEvent({ event: "refund", currency: "USD" });
    expect(embed.fields?.map((f) => f.name)).toEqual(["Event"]);
    expect(embed.description).toBe("Refund issued.");
  });

  it.each([
    [{}, ["event"]],
    [{ event: "invoice.paid" }, ["event"]],
    [{ event: "refund", amount: "12" }, ["amount"]],
    [{ event: "refund", amount: Number.NaN }, ["amount"]],
    [{ event: "refund", amount: 1, currency: "EURO" }, ["currency"]],
    [{ event: "refund", currency: "€", customer: 5, invoiceId: 7 }, ["currency", "customer", "invoiceId"]],
  ])("rejects %j naming %j", (input, paths) => {
    expectValidationError(() => build("billingEvent", input), paths);
  });
});
