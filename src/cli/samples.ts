import type { EventInputs, EventName } from "../embeds/events.js";

/** One valid input per event family: what the demo sends (the dispatcher tests reuse it). */
export const SAMPLE_INPUTS: { [K in EventName]: EventInputs[K] } = {
  serverStateChange: { serverName: "mc-1", state: "crashed", node: "node-3" },
  nodeAlert: { node: "node-3", resource: "memory", usage: 93 },
  settingsUpdate: { changedFields: ["maintenance window"], updatedBy: "alice" },
  syncCompletion: { success: true, summary: { nodes: 4, servers: 120 }, durationMs: 5300 },
  billingEvent: { event: "payment_succeeded", amount: 12.5, currency: "usd", customer: "bob@example.com" },
  systemAlert: { title: "Login burst", message: "50 failed logins in 1 minute", severity: "warning" },
  supportTicket: { action: "created", ticketId: 42, subject: "Server will not start" },
  custom: { title: "Hello", description: "A custom event" },
};
