/** Keys and states per event family, a call's overrides, the incident embed's look, and silences' matching. */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/errors.js";
import { COLORS } from "../../src/embeds/shared.js";
import { incidentEmbed, incidentSummary, minutes, resolvedNotice, INCIDENT_FIELD } from "../../src/incidents/look.js";
import { incidentSignal, parseIncidentCall, MAX_INCIDENT_KEY } from "../../src/incidents/signals.js";
import { makeSilence, parseSilenceInput, silenceMatches } from "../../src/incidents/silences.js";
import type { NextRecord } from "../../src/incidents/decide.js";

const sig = (...args: Parameters<typeof incidentSignal>) => {
  const s = incidentSignal(...args);
  return s && { key: s.key, status: s.status };
};

describe("incidentSignal: keys and states per event family", () => {
  it("serverStateChange: server:{serverName}; crashed / offline / suspended fire, online resolves, the rest update", () => {
    expect(sig("serverStateChange", { serverName: "mc-1", state: "crashed" }, undefined)).toEqual({ key: "server:mc-1", status: "firing" });
    for (const state of ["offline", "suspended"] as const) expect(sig("serverStateChange", { serverName: "mc-1", state }, undefined)?.status).toBe("firing");
    expect(sig("serverStateChange", { serverName: "mc-1", state: "online" }, undefined)?.status).toBe("resolved");
    for (const state of ["starting", "stopping", "installing"] as const) expect(sig("serverStateChange", { serverName: "mc-1", state }, undefined)?.status).toBe("update");
  });

  it("nodeAlert: node:{node}:{resource}; at or above the threshold fires, below resolves; critical is worse", () => {
    expect(sig("nodeAlert", { node: "de-1", resource: "cpu", usage: 80 }, undefined)).toEqual({ key: "node:de-1:cpu", status: "firing" });
    expect(sig("nodeAlert", { node: "de-1", resource: "cpu", usage: 79.9 }, undefined)?.status).toBe("resolved");
    expect(sig("nodeAlert", { node: "de-1", resource: "disk", usage: 50, threshold: 40 }, undefined)?.status).toBe("firing");
    const warn = incidentSignal("nodeAlert", { node: "de-1", resource: "cpu", usage: 85 }, undefined);
    const crit = incidentSignal("nodeAlert", { node: "de-1", resource: "cpu", usage: 99 }, undefined);
    expect(crit!.severity).toBeGreaterThan(warn!.severity);
  });

  it("supportTicket: ticket:{ticketId}; created opens, updated / replied update, resolved / closed resolve", () => {
    expect(sig("supportTicket", { action: "created", ticketId: 4711, subject: "s" } as never, undefined)).toEqual({ key: "ticket:4711", status: "firing" });
    expect(sig("supportTicket", { action: "replied", ticketId: "T-1", subject: "s" } as never, undefined)).toEqual({ key: "ticket:T-1", status: "update" });
    expect(sig("supportTicket", { action: "updated", ticketId: "T-1", subject: "s" } as never, undefined)?.status).toBe("update");
    expect(sig("supportTicket", { action: "closed", ticketId: "T-1", subject: "s" } as never, undefined)?.status).toBe("resolved");
    expect(sig("supportTicket", { action: "resolved", ticketId: "T-1", subject: "s" } as never, undefined)?.status).toBe("resolved");
  });

  it("billingEvent with an invoiceId: invoice:{invoiceId}; created opens, overdue / payment failed fire, paid / succeeded resolve", () => {
    const b = (event: string, invoiceId?: string) => sig("billingEvent", { event, invoiceId } as never, undefined);
    expect(b("invoice_created", "INV-9")).toEqual({ key: "invoice:INV-9", status: "firing" });
    expect(b("invoice_overdue", "INV-9")?.status).toBe("firing");
    expect(b("payment_failed", "INV-9")?.status).toBe("firing");
    expect(b("invoice_paid", "INV-9")?.status).toBe("resolved");
    expect(b("payment_succeeded", "INV-9")?.status).toBe("resolved");
    expect(b("payment_failed")).toBeUndefined();
    expect(b("refund", "INV-9")).toBeUndefined();
  });

  it("syncCompletion: sync; a failure fires, a success resolves", () => {
    expect(sig("syncCompletion", { success: false } as never, undefined)).toEqual({ key: "sync", status: "firing" });
    expect(sig("syncCompletion", { success: true } as never, undefined)).toEqual({ key: "sync", status: "resolved" });
  });

  it("systemAlert: alert:{source}:{title}, firing unless the call says resolved", () => {
    const input = { title: "Login burst", message: "m", severity: "warning" as const, source: "auth" };
    expect(sig("systemAlert", input, undefined)).toEqual({ key: "alert:auth:Login burst", status: "firing" });
    expect(sig("systemAlert", input, { status: "resolved" })).toEqual({ key: "alert:auth:Login burst", status: "resolved" });
    expect(sig("systemAlert", { ...input, source: undefined }, undefined)?.key).toBe("alert::Login burst");
  });

  it("settingsUpdate and plain dispatch have none unless the call gives a key", () => {
    expect(incidentSignal("settingsUpdate", { changedFields: ["a"] }, undefined)).toBeUndefined();
    expect(incidentSignal(undefined, undefined, undefined)).toBeUndefined();
    expect(sig(undefined, undefined, { key: "backup:db1" })).toEqual({ key: "backup:db1", status: "firing" });
    expect(sig(undefined, undefined, { key: "backup:db1", status: "resolved" })).toEqual({ key: "backup:db1", status: "resolved" });
  });

  it("a call's key and status override either part; incident: false opts out", () => {
    const input = { serverName: "mc-1", state: "crashed" as const };
    expect(sig("serverStateChange", input, { key: "custom" })).toEqual({ key: "custom", status: "firing" });
    expect(sig("serverStateChange", input, { status: "update" })).toEqual({ key: "server:mc-1", status: "update" });
    expect(incidentSignal("serverStateChange", input, false)).toBeUndefined();
  });

  it("a status without a key where the family has none is a ValidationError naming incident.key", () => {
    expect(() => incidentSignal(undefined, undefined, { status: "firing" })).toThrow(ValidationError);
    expect(() => incidentSignal(undefined, undefined, { status: "firing" })).toThrow(/incident\.key/);
  });

  it("long derived keys are bounded and stay distinct", () => {
    const a = incidentSignal("serverStateChange", { serverName: "x".repeat(500) + "a", state: "crashed" }, undefined)!.key;
    const b = incidentSignal("serverStateChange", { serverName: "x".repeat(500) + "b", state: "crashed" }, undefined)!.key;
    expect(a.length).toBe(MAX_INCIDENT_KEY);
    expect(a).not.toBe(b);
  });

  it("parseIncidentCall refuses what is not false or { key?, status? } with a ValidationError", () => {
    expect(parseIncidentCall(undefined)).toBeUndefined();
    expect(parseIncidentCall(false)).toBe(false);
    expect(parseIncidentCall({ key: "k", status: "resolved" })).toEqual({ key: "k", status: "resolved" });
    for (const bad of [true, { key: "" }, { status: "open" }, { key: "k", extra: 1 }, { key: "k".repeat(201) }]) {
      expect(() => parseIncidentCall(bad)).toThrow(ValidationError);
    }
  });
});

describe("incident look", () => {
  const base = { title: "💥 Server crashed", color: COLORS.failure, description: "**mc-1** is now **crashed**.", fields: [{ name: "State", value: "Crashed", inline: true }] };
  const rec = (o: Partial<NextRecord> = {}): NextRecord => ({ status: "firing", firstSeen: 0, lastSeen: 120_000, count: 3, severity: 3, label: "crashed", reopens: [], ...o });

  it("a firing problem keeps the event's look and adds the count with first and last seen", () => {
    const e = incidentEmbed(base, rec(), 120_000);
    expect(e.color).toBe(COLORS.failure);
    expect(e.title).toBe(base.title);
    expect(e.fields?.[0]).toEqual(base.fields[0]);
    expect(e.fields?.at(-1)).toEqual({ name: INCIDENT_FIELD, value: "crashed 3 times · first seen <t:0:R> · last seen <t:120:R>", inline: false });
    expect(incidentSummary(rec({ count: 1 }), 0)).toMatch(/^crashed 1 time ·/);
  });

  it("flapping: red and 'Flapping: N times in M min'", () => {
    const e = incidentEmbed({ ...base, color: COLORS.success }, rec({ reopens: [60_000, 300_000] }), 8 * 60_000);
    expect(e.color).toBe(COLORS.failure);
    expect(e.fields?.at(-1)?.value).toContain("Flapping: 3 times in 8 min");
  });

  it("resolved: green, a resolved title, 'Resolved after 6 min' and the occurrences", () => {
    const e = incidentEmbed(base, rec({ status: "resolved", resolvedAt: 6 * 60_000 + 5_000 }), 7 * 60_000);
    expect(e.color).toBe(COLORS.success);
    expect(e.title).toBe("✅ Resolved · 💥 Server crashed");
    expect(e.fields?.at(-1)?.value).toBe("Resolved after 6 min · crashed 3 times");
    expect(resolvedNotice(base, rec({ status: "resolved", resolvedAt: 6 * 60_000 }))).toEqual({ title: "✅ Resolved · 💥 Server crashed", description: "Resolved after 6 min · crashed 3 times", color: COLORS.success });
  });

  it("an edit replaces its own field instead of adding another, and 25 fields stay 25", () => {
    const once = incidentEmbed(base, rec(), 0);
    const twice = incidentEmbed(once, rec({ count: 4 }), 0);
    expect(twice.fields?.filter((f) => f.name === INCIDENT_FIELD)).toHaveLength(1);
    const full = { ...base, fields: Array.from({ length: 25 }, (_, i) => ({ name: `f${String(i)}`, value: "v" })) };
    const e = incidentEmbed(full, rec(), 0);
    expect(e.fields).toHaveLength(25);
    expect(e.fields?.at(-1)?.name).toBe(INCIDENT_FIELD);
  });

  it("stays within Discord's 6000-character total", () => {
    const big = { title: "t".repeat(256), description: "d".repeat(4096), fields: [{ name: "n", value: "v".repeat(1024) }, { name: "m", value: "w".repeat(600) }] };
    const e = incidentEmbed(big, rec(), 0);
    const total = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(e.fields?.at(-1)?.name).toBe(INCIDENT_FIELD);
  });

  it("minutes reads as people say it", () => {
    expect([minutes(0), minutes(59_999), minutes(6 * 60_000), minutes(125 * 60_000), minutes(120 * 60_000), minutes(27 * 3_600_000)]).toEqual(["under 1 min", "under 1 min", "6 min", "2 h 5 min", "2 h", "1 d 3 h"]);
  });
});

describe("silences", () => {
  const target = { key: "server:mc-1", type: "GAME_SERVER" as const, userId: "u1", webhookId: "wh1" };

  it("match by exactly one of key, type, userId or webhookId, until they end", () => {
    const s = (m: object) => makeSilence(parseSilenceInput({ ...m, forMs: 1000 }), "s", 0);
    expect(silenceMatches(s({ key: "server:mc-1" }), target, 999)).toBe(true);
    expect(silenceMatches(s({ key: "server:mc-1" }), target, 1000)).toBe(false);
    expect(silenceMatches(s({ key: "server:mc-2" }), target, 0)).toBe(false);
    expect(silenceMatches(s({ key: "server:mc-1" }), { ...target, key: undefined }, 0)).toBe(false);
    expect(silenceMatches(s({ type: "GAME_SERVER" }), target, 0)).toBe(true);
    expect(silenceMatches(s({ type: "VPS" }), target, 0)).toBe(false);
    expect(silenceMatches(s({ userId: "u1" }), target, 0)).toBe(true);
    expect(silenceMatches(s({ userId: "u1" }), { ...target, userId: null }, 0)).toBe(false);
    expect(silenceMatches(s({ webhookId: "wh1" }), target, 0)).toBe(true);
    expect(silenceMatches(s({ webhookId: "wh2" }), target, 0)).toBe(false);
  });

  it("makeSilence keeps the matcher, the id and the span", () => {
    expect(makeSilence({ userId: "u1", forMs: 500 }, "sil-1", 100)).toEqual({ userId: "u1", id: "sil-1", createdAt: 100, endsAt: 600 });
  });

  it("bad input is a ValidationError: no selector, two selectors, an unknown type, a bad duration", () => {
    for (const bad of [{ forMs: 1000 }, { key: "k", userId: "u", forMs: 1000 }, { type: "NOPE", forMs: 1000 }, { key: "k", forMs: 0 }, { key: "k", forMs: Number.NaN }, { key: "k" }, null]) {
      expect(() => parseSilenceInput(bad)).toThrow(ValidationError);
    }
  });
});
