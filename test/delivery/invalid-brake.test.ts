/**
 * Issue 15 item 2, in the engine: a Discord id that answered 401/404 is backed off (doubling, per Discord id, across
 * records), and the engine brakes itself as the invalid-request count nears Discord's ban: it slows, then refuses.
 */
import { afterEach, describe, expect, it } from "vitest";
import { invalidGuard } from "../../src/delivery/invalid-guard.js";
import type { Outcome } from "../../src/delivery/request.js";
import { DiscordHTTPError, InvalidRequestBrakeError } from "../../src/errors.js";
import { createHarness, embed, SCALED_RATE_LIMIT, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const FORBIDDEN = { status: 403, body: { message: "Missing Access", code: 50001 } };
const BAD_TOKEN = { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } };

describe("the invalid-request brake (against the Discord fake)", () => {
  it("refuses every request with INVALID_REQUEST_BRAKE once the count reaches invalidRequestRefuseAt", async () => {
    h = await createHarness({ dispatcher: { rateLimit: { ...SCALED_RATE_LIMIT, invalidRequestSlowAt: 5, invalidRequestRefuseAt: 5 } } });
    const bad = await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" });
    const good = await h.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" });
    h.fake.inject(bad.hook.id, FORBIDDEN);
    for (let i = 0; i < 5; i += 1) expect((await h.dispatcher.dispatch("CUSTOM", embed(`x${i}`))).failed).toBe(1);
    expect((await h.dispatcher.stats()).invalidRequests).toBe(5);
    const sent = h.fake.requests().length;
    const refused = await h.dispatcher.dispatch("GAME_SERVER", embed("after"));
    const error = refused.deliveries[0]?.error;
    expect(error).toBeInstanceOf(InvalidRequestBrakeError);
    expect(error).toMatchObject({ code: "INVALID_REQUEST_BRAKE", reason: "threshold", invalidRequests: 5 });
    expect(refused.deliveries[0]?.attempts).toBe(0);
    expect((await h.dispatcher.verify(good.id)).error).toBeInstanceOf(InvalidRequestBrakeError);
    expect((await h.dispatcher.test(good.id)).error).toBeInstanceOf(InvalidRequestBrakeError);
    expect(h.fake.requests()).toHaveLength(sent);
    expect(h.fake.messages(good.hook.id)).toHaveLength(0);
  });

  it("spaces requests out between invalidRequestSlowAt and invalidRequestRefuseAt", async () => {
    // 600 000 ms / (2002 - 2) = 300 ms between requests once 2 invalid answers were counted (checked with slack:
    // the brake spaces the lanes' turns, and a turn's request reaches the fake a little later).
    h = await createHarness({ dispatcher: { rateLimit: { ...SCALED_RATE_LIMIT, invalidRequestSlowAt: 2, invalidRequestRefuseAt: 2002 } } });
    await h.addWebhook({ type: "CUSTOM", scope: "ADMIN" }).then(({ hook }) => h!.fake.inject(hook.id, FORBIDDEN));
    const good = await Promise.all(Array.from({ length: 5 }, () => h!.addWebhook({ type: "GAME_SERVER", scope: "ADMIN" })));
    for (let i = 0; i < 2; i += 1) await h.dispatcher.dispatch("CUSTOM", embed(`x${i}`));
    // Five webhooks at once (no bucket of theirs makes anyone wait): only the brake spaces them.
    expect((await h.dispatcher.dispatch("GAME_SERVER", embed("g"))).sent).toBe(5);
    const times = good.map((g) => h!.fake.messages(g.hook.id)[0]!.receivedAt.getTime()).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(1100);
  });
});

describe("a Discord id that answered 401 or 404 is backed off (against the Discord fake)", () => {
  it("across every record of that id, doubling with each rejection, and cleared by a success", async () => {
    h = await createHarness({ dispatcher: { rateLimit: { ...SCALED_RATE_LIMIT, invalidWebhookBackoffMs: 300 } } });
    const { hook } = await h.addWebhook({ type: "CUSTOM", scope: "USER", userId: "u1" });
    const twins = [];
    for (let i = 0; i < 5; i += 1) twins.push(await h.store.createWebhook({ name: `twin ${i}`, webhookUrl: `${hook.url}?thread_id=12345678901234567${i}`, type: "CUSTOM", scope: "USER", userId: "u1", avatarUrl: null }));
    const fault = h.fake.inject(hook.id, BAD_TOKEN);
    const first = await h.dispatcher.dispatch("CUSTOM", embed("one"), { userId: "u1" });
    expect(first.matched).toBe(6);
    expect(h.fake.requests()).toHaveLength(1);
    const codes = first.deliveries.map((d) => d.error?.code).sort();
    expect(codes).toEqual(["INVALID_REQUEST_BRAKE", "INVALID_REQUEST_BRAKE", "INVALID_REQUEST_BRAKE", "INVALID_REQUEST_BRAKE", "INVALID_REQUEST_BRAKE", "WEBHOOK_DISABLED"]);
    // After the first back-off one request goes (401 again); the next back-off is twice as long.
    await new Promise((r) => setTimeout(r, 330));
    await h.dispatcher.test(twins[0]!.id);
    expect(h.fake.requests()).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 330));
    expect((await h.dispatcher.test(twins[1]!.id)).error).toMatchObject({ reason: "webhook" });
    expect(h.fake.requests()).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300));
    fault.remove();
    const ok = await h.dispatcher.verify(twins[2]!.id);
    expect(ok.ok).toBe(true);
    // Unknown Webhook (404/10015) backs off too.
    h.fake.inject(hook.id, { status: 404, body: { message: "Unknown Webhook", code: 10015 } }, { times: 1 });
    expect((await h.dispatcher.verify(twins[3]!.id)).status).toBe(404);
    expect((await h.dispatcher.verify(twins[4]!.id)).error).toMatchObject({ reason: "webhook" });
  });
});

describe("invalidGuard (unit, injected clock and count)", () => {
  const url = "https://discord.com/api/v10/webhooks/123456789012345678/***";
  const unauthorized: Outcome = { kind: "disable", status: 401, reason: "bad token", error: new DiscordHTTPError(401, 50027, url) };
  const ok: Outcome = { kind: "ok", status: 200, body: undefined };
  const unknownMessage: Outcome = { kind: "rejected", status: 404, error: new DiscordHTTPError(404, 10008, url) };

  it("doubles up to 10 minutes, forgets after a quiet window, ignores Unknown Message", async () => {
    let t = 0;
    const guard = invalidGuard({ invalidWebhookBackoffMs: 1000 }, () => Promise.resolve(0), () => t);
    const waits: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      guard.learned("1", unauthorized, 0);
      waits.push(guard.backedOff("1")?.retryAfterMs ?? 0);
      t += waits[i]!;
      expect(await guard.admit("1")).toBeUndefined();
    }
    expect(waits.slice(0, 4)).toEqual([1000, 2000, 4000, 8000]);
    expect(Math.max(...waits)).toBe(600_000);
    t += 600_000;
    guard.learned("1", unauthorized, 0);
    expect(guard.backedOff("1")?.retryAfterMs).toBe(1000);
    guard.learned("2", unknownMessage, 0);
    expect(guard.backedOff("2")).toBeUndefined();
    guard.learned("1", ok, 0);
    expect(guard.backedOff("1")).toBeUndefined();
  });

  it("reads the shared count when its own is stale, and refuses at the threshold", async () => {
    let t = 0;
    let shared = 0;
    let reads = 0;
    const guard = invalidGuard({ invalidRequestSlowAt: 10, invalidRequestRefuseAt: 20 }, () => Promise.resolve((reads += 1, shared)), () => t);
    expect(await guard.admit("1")).toBeUndefined();
    shared = 25;
    expect(await guard.admit("1")).toBeUndefined();
    t += 1000;
    expect(await guard.admit("1")).toMatchObject({ reason: "threshold", invalidRequests: 25 });
    expect(reads).toBe(2);
    // Between the levels: one request per 600 000 / (20 - 10) ms.
    guard.learned("1", ok, 15);
    expect(await guard.admit("1")).toBeUndefined();
    expect(await guard.admit("1")).toBe(60_000);
  });

  it("answers at once while its count is fresh, with a promise only when the count must be read", async () => {
    let t = 0;
    let reads = 0;
    const guard = invalidGuard({ invalidRequestSlowAt: 10, invalidRequestRefuseAt: 20 }, () => Promise.resolve((reads += 1, 30)), () => t);
    // Never read: the count must be read first.
    const first = guard.admit("1");
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toMatchObject({ reason: "threshold", invalidRequests: 30 });
    // Read a moment ago: the same verdict, no promise, no read.
    t += 999;
    expect(guard.admit("2")).toMatchObject({ reason: "threshold", invalidRequests: 30 });
    // Learned from an answer: fresh again, below the levels.
    guard.learned("1", ok, 0);
    expect(guard.admit("1")).toBeUndefined();
    t += 1000;
    const stale = guard.admit("1");
    expect(stale).toBeInstanceOf(Promise);
    expect(await stale).toMatchObject({ reason: "threshold", invalidRequests: 30 });
    expect(reads).toBe(2);
  });
});
