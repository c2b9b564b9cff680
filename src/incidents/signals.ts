/**
 * Which problem an event is about: the key and status each event family derives from its (validated) input, and
 * the one place a call's `incident: { key?, status? }` overrides them. Pure.
 */
import * as z from "zod";
import type { EventInputs, EventName } from "../embeds/events.js";
import { CRITICAL_USAGE_PERCENT, DEFAULT_USAGE_THRESHOLD } from "../embeds/node-alert.js";
import { ValidationError } from "../errors.js";
import { parseOrThrow } from "../discord/validate.js";
import type { IncidentCallOptions, IncidentSignal, IncidentStatus } from "./types.js";
import { MESSAGE_LOCK_PREFIX } from "./claim.js";

/** The longest key kept as given; longer derived keys are cut and end in a hash of the whole key. */
export const MAX_INCIDENT_KEY = 200;

type Derived = Omit<IncidentSignal, "key"> & { key: string };
type Derive<K extends EventName> = (input: EventInputs[K]) => Derived | undefined;

const SERVER: Record<EventInputs["serverStateChange"]["state"], [IncidentStatus, number]> = {
  crashed: ["firing", 3],
  offline: ["firing", 2],
  suspended: ["firing", 2],
  online: ["resolved", 0],
  starting: ["update", 0],
  stopping: ["update", 0],
  installing: ["update", 0],
};
const TICKET: Record<EventInputs["supportTicket"]["action"], IncidentStatus> = { created: "firing", updated: "update", replied: "update", resolved: "resolved", closed: "resolved" };
const BILLING: Partial<Record<EventInputs["billingEvent"]["event"], [IncidentStatus, number]>> = {
  invoice_created: ["firing", 0],
  invoice_overdue: ["firing", 2],
  payment_failed: ["firing", 2],
  invoice_paid: ["resolved", 0],
  payment_succeeded: ["resolved", 0],
};
const ALERT_SEVERITY = { info: 0, warning: 1, error: 2, critical: 3 } as const;

/** Each event family's key and status (the README's builder table lists the same). */
const DERIVE: { [K in EventName]: Derive<K> } = {
  serverStateChange: (i) => {
    const [status, severity] = SERVER[i.state];
    return { key: `server:${i.serverName}`, status, severity, label: i.state };
  },
  nodeAlert: (i) => {
    const threshold = i.threshold ?? DEFAULT_USAGE_THRESHOLD;
    const firing = i.usage >= threshold;
    return { key: `node:${i.node}:${i.resource}`, status: firing ? "firing" : "resolved", severity: !firing ? 0 : i.usage >= CRITICAL_USAGE_PERCENT ? 3 : 2, label: `${i.resource} high` };
  },
  supportTicket: (i) => ({ key: `ticket:${String(i.ticketId)}`, status: TICKET[i.action], severity: 0, label: "updated" }),
  billingEvent: (i) => {
    const known = BILLING[i.event];
    if (i.invoiceId === undefined || known === undefined) return undefined;
    return { key: `invoice:${i.invoiceId}`, status: known[0], severity: known[1], label: i.event.replace("_", " ") };
  },
  syncCompletion: (i) => ({ key: "sync", status: i.success ? "resolved" : "firing", severity: i.success ? 0 : 2, label: "failed" }),
  systemAlert: (i) => ({ key: `alert:${i.source ?? ""}:${i.title}`, status: "firing", severity: ALERT_SEVERITY[i.severity], label: "fired" }),
  settingsUpdate: () => undefined,
  custom: () => undefined,
};

const callSchema = z.union([
  z.literal(false),
  z.strictObject({
    key: z
      .string()
      .min(1, "must not be empty")
      .max(MAX_INCIDENT_KEY, `must be at most ${String(MAX_INCIDENT_KEY)} characters`)
      .refine((k) => !k.startsWith(MESSAGE_LOCK_PREFIX), `must not start with "${MESSAGE_LOCK_PREFIX}" (reserved for message locks)`)
      .optional(),
    status: z.enum(["firing", "resolved", "update"]).optional(),
  }),
]);

/** Checks a call's `incident` option; throws `ValidationError` naming it. */
export function parseIncidentCall(value: unknown): IncidentCallOptions | false | undefined {
  return value === undefined ? undefined : parseOrThrow(callSchema, value, "incident option");
}

/**
 * The problem of an event: the family's key and status with the call's overrides, `undefined` when there is none
 * (the family has no key and the call gave none, or the call said `incident: false`). `event` undefined is a plain
 * `dispatch`. Throws `ValidationError` when the call gives a status but no key where the family has none.
 */
export function incidentSignal<K extends EventName>(event: K | undefined, input: EventInputs[K] | undefined, call: IncidentCallOptions | false | undefined): IncidentSignal | undefined {
  if (call === false) return undefined;
  const derived = event === undefined || input === undefined ? undefined : (DERIVE[event] as Derive<K>)(input);
  const key = call?.key ?? (derived === undefined ? undefined : boundedKey(derived.key));
  if (key === undefined) {
    if (call?.status !== undefined) throw new ValidationError("incident option", [{ path: "incident.key", message: `is required: ${event ?? "dispatch"} has no key of its own` }]);
    return undefined;
  }
  const status = call?.status ?? derived?.status ?? "firing";
  return { key, status, severity: derived?.severity ?? (status === "firing" ? 1 : 0), label: derived?.label ?? "fired" };
}

/** A key of at most {@link MAX_INCIDENT_KEY} characters: longer ones keep their start and end in a hash of the whole. */
function boundedKey(key: string): string {
  if (key.length <= MAX_INCIDENT_KEY) return key;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return `${key.slice(0, MAX_INCIDENT_KEY - 9)}#${hash.toString(16).padStart(8, "0")}`;
}
