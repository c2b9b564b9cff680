/** What the incident-state conformance cases share: a sample record, a webhook id, an hour, and a wait. */
import assert from "node:assert/strict";
import type { IncidentRecord } from "../../incidents/types.js";

export const WEBHOOK = "wh-incident-1";
export const HOUR = 3_600_000;

/** A record as the dispatcher writes it (message ids are made up). */
export function sampleIncidentRecord(version: number, overrides: Partial<IncidentRecord> = {}): IncidentRecord {
  return { version, status: "firing", messageId: "1300000000000000001", postedAt: 1_000, firstSeen: 1_000, lastSeen: 2_000, count: 2, severity: 3, label: "crashed", reopens: [1_500], ...overrides };
}

/** Waits (a few seconds at most) for `check` to hold: expiry is the store's, not this suite's, to time. */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new assert.AssertionError({ message: `timed out waiting for ${what}` });
    await new Promise((r) => setTimeout(r, 20));
  }
}
