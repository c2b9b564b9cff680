import { describe, expect, it } from "vitest";
import { createBucketTable } from "../../src/delivery/buckets.js";
import { createRateLimiter } from "../../src/delivery/limiter.js";
import { slidingWindow } from "../../src/delivery/window.js";

const lane = (laneId: string, discordId = `9${laneId.padStart(17, "0")}`) => ({ laneId, discordId });
const headers = (bucket: string, remaining: number, resetAfter: number, limit = 5) => ({
  "x-ratelimit-bucket": bucket,
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-reset-after": String(resetAfter),
  "x-ratelimit-limit": String(limit),
});

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

describe("buckets (unit)", () => {
  it("waits for the reset when nothing remains, then assumes a fresh window", () => {
    const t = createBucketTable(0);
    const l = lane("a");
    const ticket = t.reserve(l);
    t.learn(l, ticket, headers("b1", 0, 2), 1000);
    expect(t.wait(l, 1000)).toBe(2000);
    expect(t.wait(l, 3000)).toBe(0);
    expect(t.nameOf("a")).toBe("b1");
  });

  it("shares one budget between lanes Discord reports under one bucket, ignoring stale answers", () => {
    const t = createBucketTable(0);
    const a = lane("a");
    const b = lane("b");
    t.learn(a, t.reserve(a), headers("shared", 3, 2), 0);
    t.learn(b, t.reserve(b), headers("shared", 2, 2), 0);
    const first = t.reserve(a);
    expect(t.wait(b, 0)).toBe(0);
    const second = t.reserve(b);
    // The newer answer arrives first and says nothing remains; the older one must not undo that.
    t.learn(b, second, headers("shared", 0, 2), 10);
    t.learn(a, first, headers("shared", 1, 2), 10);
    expect(t.wait(a, 10)).toBe(2000);
    expect(t.wait(b, 10)).toBe(2000);
  });
});

describe("rate limiter (unit)", () => {
  const settings = { globalLimit: 2, globalWindowMs: 1000, channelLimit: Infinity, channelWindowMs: 60_000, marginMs: 0 };

  it("blocks by 429 scope: user holds the lane, global holds everything", () => {
    const r = createRateLimiter(settings);
    r.block(lane("a"), "user", 500, 0);
    expect(r.check(lane("a"), 0)).toBe(500);
    expect(r.check(lane("b"), 0)).toBe(0);
    r.block(lane("b"), "global", 300, 0);
    expect(r.check(lane("c"), 100)).toBe(200);
  });

  it("a shared 429 holds every lane of the channel", () => {
    const r = createRateLimiter({ ...settings, globalLimit: 100 });
    for (const id of ["a", "b"]) r.settle(lane(id), r.reserve(lane(id)), { headers: {}, channelId: "c1", status: 200 }, 0);
    r.block(lane("a"), "shared", 400, 10);
    expect(r.check(lane("b"), 10)).toBe(400);
  });

  it("keeps within the per-process global budget", () => {
    const r = createRateLimiter(settings);
    for (const id of ["a", "b"]) r.settle(lane(id), r.reserve(lane(id)), { headers: {}, status: 200 }, 5);
    expect(r.check(lane("c"), 5)).toBe(1000);
  });
});
