import type { Dispatcher, DispatchResult } from "discord-webhook-dispatcher";

type Body = Record<string, unknown>;
const str = (v: unknown, fallback: string): string => (typeof v === "string" && v.trim() ? v : fallback);
const owner = (b: Body): string | null => (typeof b.userId === "string" ? b.userId : null);

/**
 * Simulated platform events, as a game-server panel, help desk and billing system would raise them.
 * Each reaches the admins' webhooks of its type and the USER-scope webhooks of `body.userId`.
 */
export const EVENTS: Record<string, (d: Dispatcher, body: Body) => Promise<DispatchResult>> = {
  "server-crash": (d, b) =>
    d.serverStateChange(
      { serverName: str(b.serverName, "Survival #1"), state: "crashed", previousState: "online", node: str(b.node, "node-eu-1"), reason: str(b.reason, "Exit code 137 (out of memory)") },
      { userId: owner(b) },
    ),
  "ticket-opened": (d, b) =>
    d.supportTicket(
      { action: "created", ticketId: str(b.ticketId, "4521"), subject: str(b.subject, "Server won't start"), user: str(b.user, "alice"), priority: "high", message: str(b.message, "It stopped after the update.") },
      { userId: owner(b) },
    ),
  "invoice-paid": (d, b) =>
    d.billingEvent(
      { event: "invoice_paid", amount: typeof b.amount === "number" ? b.amount : 12.5, currency: str(b.currency, "EUR"), customer: str(b.customer, "alice"), invoiceId: str(b.invoiceId, "INV-2026-0042"), plan: str(b.plan, "Game server M") },
      { userId: owner(b) },
    ),
};
