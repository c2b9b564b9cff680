/** The incident transition as pure code: every branch of decideIncident, and whole histories folded through it. */
import { describe, expect, it } from "vitest";
import { decideIncident, type IncidentDecision, type NextRecord } from "../../src/incidents/decide.js";
import { INCIDENT_DEFAULTS, NOTIFY_AFTER_MS, type IncidentPolicy, type IncidentRecord, type IncidentSignal, type IncidentStatus } from "../../src/incidents/types.js";

const MIN = 60_000;
const policy: IncidentPolicy = { ...INCIDENT_DEFAULTS, repeatIntervalMs: 60 * MIN, reopenWithinMs: 15 * MIN };
const signal = (status: IncidentStatus, severity = 3): IncidentSignal => ({ key: "server:mc-1", status, severity, label: "crashed" });

/** Carries a decision out as the dispatcher does (a post gets message "m<n>" at `now`), returning the new record. */
function apply(record: IncidentRecord | undefined, d: IncidentDecision, now: number): IncidentRecord | undefined {
  if (d.send === "plain" || d.send === "suppress") return record;
  const version = (record?.version ?? 0) + 1;
  if (d.send === "post") return { ...d.next, version, messageId: `m${String(version)}`, postedAt: now };
  if (!record) throw new Error("an edit needs a record");
  return { ...d.next, version, messageId: record.messageId, postedAt: record.postedAt };
}

/** Folds events `[atMs, status]` through the decision; returns the decisions and the final record. */
function run(events: [number, IncidentStatus, number?][], p = policy) {
  let record: IncidentRecord | undefined;
  const decisions: IncidentDecision[] = [];
  for (const [at, status, severity] of events) {
    const d = decideIncident(record, signal(status, severity), at, p);
    decisions.push(d);
    record = apply(record, d, at);
  }
  return { decisions, record, kinds: decisions.map((d) => (d.send === "post" ? d.action : d.send)) };
}

describe("decideIncident", () => {
  it("a first occurrence posts a fresh record: firing, count 1, first = last seen", () => {
    const d = decideIncident(undefined, signal("firing"), 1000, policy);
    expect(d).toEqual({ send: "post", action: "posted", next: { status: "firing", firstSeen: 1000, lastSeen: 1000, count: 1, severity: 3, label: "crashed", reopens: [] } satisfies NextRecord });
  });

  it("the same problem again while open edits: count and last seen move, first seen stays", () => {
    const { kinds, record } = run([[0, "firing"], [10_000, "firing"], [20_000, "firing"]]);
    expect(kinds).toEqual(["posted", "edit", "edit"]);
    expect(record).toMatchObject({ messageId: "m1", count: 3, firstSeen: 0, lastSeen: 20_000, status: "firing" });
  });

  it("still open after repeatIntervalMs: a reminder post that becomes the tracked message", () => {
    const { kinds, record } = run([[0, "firing"], [60 * MIN - 1, "firing"], [60 * MIN, "firing"], [61 * MIN, "firing"]]);
    expect(kinds).toEqual(["posted", "edit", "reposted", "edit"]);
    expect(record).toMatchObject({ messageId: "m3", postedAt: 60 * MIN, count: 4, firstSeen: 0 });
  });

  it("resolved while open: an edit to resolved (no occurrence counted); edit-and-post also announces", () => {
    const { decisions, record } = run([[0, "firing"], [6 * MIN, "resolved"]]);
    expect(decisions[1]).toMatchObject({ send: "edit", announce: false });
    expect(record).toMatchObject({ status: "resolved", resolvedAt: 6 * MIN, count: 1, messageId: "m1" });
    const announced = run([[0, "firing"], [6 * MIN, "resolved"]], { ...policy, onResolve: "edit-and-post" });
    expect(announced.decisions[1]).toMatchObject({ send: "edit", announce: true });
  });

  it("a resolve of nothing open posts plainly; a second resolve is suppressed", () => {
    expect(decideIncident(undefined, signal("resolved"), 0, policy)).toEqual({ send: "plain" });
    const { kinds } = run([[0, "firing"], [1000, "resolved"], [2000, "resolved"]]);
    expect(kinds).toEqual(["posted", "edit", "suppress"]);
  });

  it("an update edits an open problem without counting, and posts plainly otherwise", () => {
    const { kinds, record } = run([[0, "update"], [1000, "firing"], [2000, "update"], [3000, "resolved"], [4000, "update"]]);
    expect(kinds).toEqual(["plain", "posted", "edit", "edit", "plain"]);
    expect(record).toMatchObject({ count: 1, status: "resolved", lastSeen: 3000 });
  });

  it("firing again within reopenWithinMs of resolving reopens the same message and keeps the flap history", () => {
    const { kinds, record } = run([[0, "firing"], [MIN, "resolved"], [2 * MIN, "firing"], [3 * MIN, "resolved"], [4 * MIN, "firing"]]);
    expect(kinds).toEqual(["posted", "edit", "edit", "edit", "edit"]);
    expect(record).toMatchObject({ messageId: "m1", status: "firing", count: 3, reopens: [2 * MIN, 4 * MIN], firstSeen: 0 });
    expect(record?.resolvedAt).toBeUndefined();
  });

  it("firing again later than reopenWithinMs is a new problem with a new message", () => {
    const { kinds, record } = run([[0, "firing"], [MIN, "resolved"], [MIN + 15 * MIN + 1, "firing"]]);
    expect(kinds).toEqual(["posted", "edit", "posted"]);
    expect(record).toMatchObject({ messageId: "m3", count: 1, firstSeen: 16 * MIN + 1, reopens: [] });
  });

  it("a first reopen of a message older than a few minutes is a new post (it still notifies); later flaps edit it", () => {
    const t = NOTIFY_AFTER_MS + 1;
    const { kinds, record } = run([[0, "firing"], [t - 1, "resolved"], [t, "firing"], [t + 1000, "resolved"], [t + 2000, "firing"]]);
    expect(kinds).toEqual(["posted", "edit", "reposted", "edit", "edit"]);
    expect(record).toMatchObject({ messageId: "m3", count: 3, reopens: [t, t + 2000] });
  });

  it("a higher severity while open is a new post only when the tracked message is older than a few minutes", () => {
    expect(run([[0, "firing", 2], [MIN, "firing", 3]]).kinds).toEqual(["posted", "edit"]);
    const late = run([[0, "firing", 2], [NOTIFY_AFTER_MS + 1, "firing", 3], [NOTIFY_AFTER_MS + 2, "firing", 2]]);
    expect(late.kinds).toEqual(["posted", "reposted", "edit"]);
    expect(late.record?.severity).toBe(3);
  });

  it("a crash loop (20 crash / online cycles in 10 minutes) is one message, ending resolved and counting 20", () => {
    const events: [number, IncidentStatus][] = [];
    for (let i = 0; i < 20; i++) events.push([i * 30_000, "firing"], [i * 30_000 + 15_000, "resolved"]);
    const { kinds, record } = run(events);
    expect(kinds.filter((k) => k === "posted" || k === "reposted")).toEqual(["posted"]);
    expect(record).toMatchObject({ messageId: "m1", status: "resolved", count: 20 });
    expect(record?.reopens).toHaveLength(19);
  });

  it("the flap history keeps the last 20 reopens", () => {
    const events: [number, IncidentStatus][] = [];
    for (let i = 0; i < 30; i++) events.push([i * 2, "firing"], [i * 2 + 1, "resolved"]);
    const { record } = run(events);
    expect(record?.reopens).toHaveLength(20);
    expect(record?.reopens[19]).toBe(58);
  });

  it("never changes the record it is given", () => {
    const record: IncidentRecord = { version: 1, status: "resolved", messageId: "m1", postedAt: 0, firstSeen: 0, lastSeen: 10, count: 1, severity: 3, label: "crashed", resolvedAt: 10, reopens: [5] };
    const before = structuredClone(record);
    decideIncident(record, signal("firing"), 20, policy);
    expect(record).toEqual(before);
  });
});
