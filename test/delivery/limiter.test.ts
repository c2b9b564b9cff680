import { describe, expect, it } from "vitest";
import { memoryLimits } from "../../src/delivery/memory-limits.js";
import type { LimitPolicy, LimitTicket } from "../../src/delivery/state.js";
import { slidingWindow, type SlidingWindow } from "../../src/delivery/window.js";

const POLICY: LimitPolicy = { globalLimit: 2, globalWindowMs: 1000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0, requestTtlMs: 5000 };
const headers = (bucket: string, remaining: number, resetAfter: number, limit = 5) => ({
  "x-ratelimit-bucket": bucket,
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset-after": String(resetAfter),
  "x-ratelimit-limit": String(limit),
});
const post = (webhookId: string) => ({ webhookId, method: "POST" as const });

function clock() {
  let t = 0;
  return { now: () => t, set: (v: number) => (t = v) };
}
function ticket(t: LimitTicket | number): LimitTicket {
  if (typeof t === "number") throw new Error(`expected a ticket, got a wait of ${t} ms`);
  return t;
}

/** Teaches `w` a round trip of `ms` (< 500) with answers long gone from its window: up slowly, down at once. */
function withRoundTrip(w: SlidingWindow, ms: number): void {
  w.done(w.take(undefined, -100_000), -90_000); // a slow answer: the estimate rises a twentieth of the way, to 500
  w.done(w.take(undefined, -50_000), -50_000 + ms); // a quicker one sets it
}

describe("sliding window (unit)", () => {
  it("counts in-flight requests and stamps them when answered", () => {
    const w = slidingWindow(2, 1000);
    const a = w.take();
    const b = w.take();
    expect(w.wait(0)).toBeGreaterThan(0); // both in flight: unknown, poll
    w.done(a, 100);
    w.done(b, 300);
    expect(w.wait(500)).toBe(600); // the oldest answer (100) leaves the window at 1100
    expect(w.wait(1100)).toBe(0);
  });

  it("tells each waiter when its turn comes from what the window holds now, and keeps its place when it asks again", () => {
    const w = slidingWindow(1, 1000);
    withRoundTrip(w, 100);
    w.done(w.take(undefined, 0), 100); // answered a round trip (100 ms) after it was sent
    expect(w.wait(100, "a")).toBe(1000); // the entry leaves at 1100
    w.reserve(100, 1000, "a");
    // One waiter ahead: it sends at 1100 and leaves a window after that at the earliest.
    expect(w.wait(100, "b")).toBe(2000);
    w.reserve(100, 2000, "b");
    expect(w.wait(1100, "a")).toBe(0);
    const sent = w.take("a", 1100);
    // b comes back early: a's request is in flight, expected back at 1200, so it leaves at 2200.
    expect(w.wait(1150, "b")).toBe(1050);
    w.reserve(1150, 1050, "b");
    // A newcomer queues behind b, which keeps its place: b sends at 2200 at the earliest, c a window later.
    expect(w.wait(1150, "c")).toBe(2050);
    w.done(sent, 1200);
    expect(w.wait(2200, "b")).toBe(0);
  });

  it("learns the round trip up slowly from 0 and down at once: answers read late (a busy process) do not send waiters back late", () => {
    const w = slidingWindow(1, 1000);
    const inFlightWait = (at: number): number => {
      const e = w.take(undefined, at);
      const ms = w.wait(at);
      w.release(e);
      return ms;
    };
    w.done(w.take(undefined, 0), 100); // the first answer, 100 ms after it was sent: a twentieth of the way from 0
    expect(inFlightWait(1200)).toBe(1005); // expected back a round trip (5) after it was sent, then a window
    w.done(w.take(undefined, 1200), 2200); // a late one: 1000 ms
    expect(inFlightWait(3300)).toBe(1055); // 5 moved a twentieth of the way to 1000
    w.done(w.take(undefined, 3300), 3340); // a quick one: 40 ms, taken at once
    expect(inFlightWait(4400)).toBe(1040);
  });

  it("does not count a waiter that sent out of turn as ahead of the others", () => {
    const w = slidingWindow(1, 1000);
    w.done(w.take(undefined, 0), 0);
    for (const key of ["a", "b", "c"]) w.reserve(0, w.wait(0, key), key);
    expect(w.wait(0, "c")).toBe(3000); // a and b ahead: a leaves at 2000, b at 3000
    w.release(w.take("b", 0)); // b went without waiting for its turn (and was not counted)
    expect(w.wait(0, "c")).toBe(2000);
  });

  it("tells a far waiter the earliest its turn can come: a window per group ahead, no guessed round trips", () => {
    const w = slidingWindow(1, 1000);
    withRoundTrip(w, 40);
    w.done(w.take(undefined, 0), 40); // answered 40 ms after it was sent
    w.reserve(0, w.wait(0, "a"), "a"); // told 1040; its own answer will come some round trip after that
    expect(w.wait(0, "b")).toBe(2040); // not 2080: a round trip that turns out longer (a busy moment) costs b nothing
    // b comes back then; a was answered 60 ms after it sent: b is told the rest, once.
    w.done(w.take("a", 1040), 1100);
    expect(w.wait(2040, "b")).toBe(60);
  });

  it("lets an entry answered early leave on time, even behind a slower one sent before it", () => {
    const w = slidingWindow(2, 100);
    w.take(undefined, 0); // still in flight
    const quick = w.take(undefined, 0);
    w.done(quick, 10);
    expect(w.wait(109)).toBeGreaterThan(0);
    // The quick one left at 110: one place is free while the slow one is still out.
    expect(w.wait(110)).toBe(0);
  });

  it("lets each answered entry leave at its own time, whatever order the answers came in", () => {
    const w = slidingWindow(2, 100);
    const slow = w.take(undefined, 0);
    const quick = w.take(undefined, 0);
    w.done(quick, 10);
    expect(w.wait(50)).toBeGreaterThan(0);
    w.done(slow, 60); // answered after the quick one, so it leaves later (160)
    const third = w.take(undefined, 110); // the quick one left at 110: its place is taken
    expect(w.wait(120)).toBe(40);
    w.done(third, 130); // leaves at 230
    expect(w.wait(160)).toBe(0);
    expect(w.idle(229)).toBe(false);
    expect(w.idle(230)).toBe(true);
  });

  it("learns a hidden limit from what got through", () => {
    const w = slidingWindow(Infinity, 1000);
    for (let i = 0; i < 3; i++) w.done(w.take(), 10 * i);
    expect(w.wait(50)).toBe(0);
    w.learn(50);
    expect(w.wait(50)).toBe(950);
  });

  it("releases entries the server did not count, and 0 means unlimited", () => {
    const w = slidingWindow(1, 1000);
    const e = w.take();
    w.release(e);
    expect(w.wait(0)).toBe(0);
    const none = slidingWindow(0, 1000);
    for (let i = 0; i < 100; i++) none.take();
    expect(none.wait(0)).toBe(0);
  });
});

describe("in-memory rate-limit state (unit)", () => {
  const policy = { ...POLICY, globalLimit: 0 };

  it("waits for the reset when nothing remains, then assumes a fresh window", () => {
    const c = clock();
    const l = memoryLimits(c.now);
    c.set(1000);
    expect(l.learn(ticket(l.take(post("1"), policy)), { status: 200, headers: headers("b1", 0, 2) }, policy).bucket).toBe("b1");
    expect(l.take(post("1"), policy)).toBe(2000);
    c.set(3000);
    ticket(l.take(post("1"), policy));
  });

  it("keeps one budget per webhook under one hash, ignoring stale answers", () => {
    const c = clock();
    const l = memoryLimits(c.now);
    l.learn(ticket(l.take(post("1"), policy)), { status: 200, headers: headers("same", 3, 2) }, policy);
    l.learn(ticket(l.take(post("2"), policy)), { status: 200, headers: headers("same", 4, 2) }, policy);
    const first = ticket(l.take(post("1"), policy));
    const second = ticket(l.take(post("1"), policy));
    // The newer answer arrives first and says nothing remains; the older one must not undo that.
    c.set(10);
    l.learn(second, { status: 200, headers: headers("same", 0, 2) }, policy);
    l.learn(first, { status: 200, headers: headers("same", 1, 2) }, policy);
    expect(l.take(post("1"), policy)).toBe(2000);
    // Webhook 2 reports the same hash but is counted on its own.
    ticket(l.take(post("2"), policy));
  });

  it("two store records of one Discord webhook share its budget; the starter slot is given back on any answer", () => {
    const c = clock();
    const l = memoryLimits(c.now);
    const t = ticket(l.take(post("1"), policy));
    expect(l.take(post("1"), policy)).toBeGreaterThan(0);
    l.learn(t, { status: undefined, headers: {} }, policy);
    ticket(l.take(post("1"), policy));
  });

  it("blocks by 429 scope: user holds the webhook, global holds everything, shared holds the channel", () => {
    const c = clock();
    const l = memoryLimits(c.now);
    l.learn(ticket(l.take(post("1"), policy)), { status: 429, headers: {}, scope: "user", retryAfterMs: 500 }, policy);
    expect(l.take(post("1"), policy)).toBe(500);
    const t2 = ticket(l.take(post("2"), policy));
    l.learn(t2, { status: 200, headers: headers("h", 4, 2), channelId: "c1" }, policy);
    l.learn(ticket(l.take(post("3"), policy)), { status: 200, headers: headers("h", 4, 2), channelId: "c1" }, policy);
    c.set(10);
    l.learn(ticket(l.take(post("2"), policy)), { status: 429, headers: {}, scope: "shared", retryAfterMs: 400 }, policy);
    expect(l.take(post("3"), policy)).toBe(400);
    l.learn(ticket(l.take({ webhookId: "4", method: "GET" }, policy)), { status: 429, headers: {}, scope: "global", retryAfterMs: 300 }, policy);
    expect(l.take(post("5"), policy)).toBe(300);
    expect(l.invalidAnswers()).toBe(2);
  });

  it("keeps within the per-egress global budget", () => {
    const c = clock();
    const l = memoryLimits(c.now);
    c.set(5);
    for (const id of ["a", "b"]) l.learn(ticket(l.take(post(id), POLICY)), { status: 200, headers: {} }, POLICY);
    expect(l.take(post("c"), POLICY)).toBe(1000);
  });

  it("forgets invalid answers after 10 minutes", () => {
    const c = clock();
    const l = memoryLimits(c.now);
    l.learn(ticket(l.take(post("1"), policy)), { status: 401, headers: {} }, policy);
    c.set(599_000);
    expect(l.invalidAnswers()).toBe(1);
    c.set(600_001);
    expect(l.invalidAnswers()).toBe(0);
  });
});
