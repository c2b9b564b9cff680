import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audienceScopes, EVENT_WEBHOOK_TYPES, ValidationError, WEBHOOK_TYPES, type EventName, type WebhookType } from "../../src/index.js";
import { createHarness, type Harness } from "../delivery/harness.js";
import { SAMPLE_INPUTS } from "../../demo/samples.js";

let h: Harness;
const disabledFakeIds: string[] = [];
const ownerTypes = ["ADMIN", "USER-u1", "USER-u2", "PUBLIC"] as const;

beforeAll(async () => {
  h = await createHarness();
  for (const type of WEBHOOK_TYPES) {
    for (const kind of ownerTypes) {
      const [scope, userId] = kind.split("-") as ["ADMIN" | "USER" | "PUBLIC", string | undefined];
      await h.addWebhook({ type, scope, name: `${type}:${kind}`, ...(userId ? { userId } : {}) });
    }
    const off = await h.addWebhook({ type, scope: "ADMIN", name: `${type}:disabled` });
    await h.store.updateWebhook(off.id, { enabled: false });
    disabledFakeIds.push(off.hook.id);
  }
});
afterAll(async () => {
  await h.close();
});

const PUBLIC_DEFAULT: readonly WebhookType[] = ["GAME_SERVER", "VPS", "CUSTOM"];

function expected(type: WebhookType, userId: string | undefined, scopes: readonly string[] | undefined): string[] {
  const names = [`${type}:ADMIN`];
  // By default PUBLIC hears only events that name no customer: one customer's crash loop is not public news.
  const wants = (s: string) => (scopes ? scopes.includes(s) : s === "USER" || (s === "PUBLIC" && !userId && PUBLIC_DEFAULT.includes(type)));
  if (userId === "u1" && wants("USER")) names.push(`${type}:USER-u1`);
  if (wants("PUBLIC")) names.push(`${type}:PUBLIC`);
  return names.sort();
}

const cases: { label: string; userId?: string; scopes?: ("ADMIN" | "USER" | "PUBLIC")[] }[] = [
  { label: "no options" },
  { label: "userId u1", userId: "u1" },
  { label: "userId u3 (owns nothing)", userId: "u3" },
  { label: "scopes [PUBLIC]", scopes: ["PUBLIC"] },
  { label: "scopes [USER, PUBLIC] + u1", userId: "u1", scopes: ["USER", "PUBLIC"] },
  { label: "scopes [] (ADMIN only)", scopes: [] },
  { label: "scopes [ADMIN, USER, PUBLIC] + u1", userId: "u1", scopes: ["ADMIN", "USER", "PUBLIC"] },
  { label: "scopes [USER] + u1", userId: "u1", scopes: ["USER"] },
];

describe("audience rule (against the Discord fake)", () => {
  for (const name of Object.keys(EVENT_WEBHOOK_TYPES) as EventName[]) {
    const type = EVENT_WEBHOOK_TYPES[name];
    it.each(cases)(`${name} (${type}) with $label`, async ({ userId, scopes }) => {
      const method = h.dispatcher[name] as (input: unknown, options?: object) => ReturnType<typeof h.dispatcher.custom>;
      const result = await method(SAMPLE_INPUTS[name], { ...(userId && { userId }), ...(scopes && { scopes }) });
      expect(result.success).toBe(true);
      expect(result.deliveries.map((d) => d.webhook.name).sort()).toEqual(expected(type, userId, scopes));
    });
  }

  it("never reaches a disabled webhook", () => {
    expect(h.fake.requests().length).toBeGreaterThan(0);
    expect(h.fake.requests().filter((r) => disabledFakeIds.includes(r.webhookId ?? ""))).toHaveLength(0);
  });
});

describe("a customer's event and the PUBLIC channel", () => {
  it("does not post a customer's crash to PUBLIC webhooks unless the call asks for it", async () => {
    const c = await createHarness();
    try {
      const pub = await c.addWebhook({ type: "GAME_SERVER", scope: "PUBLIC", name: "status" });
      const own = await c.addWebhook({ type: "GAME_SERVER", scope: "USER", userId: "alice", name: "alice" });
      const crash = { serverName: "Alice SMP", state: "crashed" } as const;

      const named = await c.dispatcher.serverStateChange(crash, { userId: "alice" });
      expect(named.deliveries.map((d) => d.webhook.name)).toEqual(["alice"]);
      expect(c.fake.messages(pub.hook.id)).toHaveLength(0);
      expect(c.fake.messages(own.hook.id)).toHaveLength(1);

      const asked = await c.dispatcher.serverStateChange(crash, { userId: "alice", scopes: ["USER", "PUBLIC"] });
      expect(asked.deliveries.map((d) => d.webhook.name).sort()).toEqual(["alice", "status"]);
      expect(c.fake.messages(pub.hook.id)).toHaveLength(1);

      const platformWide = await c.dispatcher.serverStateChange({ serverName: "node-7", state: "offline" });
      expect(platformWide.deliveries.map((d) => d.webhook.name)).toEqual(["status"]);
      expect(c.fake.messages(pub.hook.id)).toHaveLength(2);
      expect(c.fake.messages(own.hook.id)).toHaveLength(2);
    } finally {
      await c.close();
    }
  });

  it("refuses routing put in the event input, or misspelt in the options, instead of posting to PUBLIC", async () => {
    const c = await createHarness();
    try {
      const pub = await c.addWebhook({ type: "GAME_SERVER", scope: "PUBLIC", name: "status" });
      const own = await c.addWebhook({ type: "GAME_SERVER", scope: "USER", userId: "alice", name: "alice" });
      const crash = { serverName: "Alice SMP", state: "crashed" } as const;
      const slips: [() => Promise<unknown>, string][] = [
        // A builder drops keys it does not know: read as "no customer", this would reach PUBLIC.
        [() => c.dispatcher.serverStateChange({ ...crash, userId: "alice" } as never), 'Invalid serverStateChange input: userId: routes the event and belongs in the options'],
        [() => c.dispatcher.serverStateChange({ ...crash, scopes: ["USER"] } as never), "scopes: routes the event and belongs in the options"],
        [() => c.dispatcher.serverStateChange(crash, { userID: "alice" } as never), 'Unrecognized key: "userID"'],
      ];
      for (const [slip, message] of slips) {
        const call = slip();
        await expect(call).rejects.toBeInstanceOf(ValidationError);
        await expect(call).rejects.toThrow(message);
      }
      expect(c.fake.messages(pub.hook.id)).toHaveLength(0);
      expect(c.fake.messages(own.hook.id)).toHaveLength(0);
      // Nothing lost: the same event, routed in the options, reaches Alice only.
      const named = await c.dispatcher.serverStateChange(crash, { userId: "alice" });
      expect(named.deliveries.map((d) => d.webhook.name)).toEqual(["alice"]);
    } finally {
      await c.close();
    }
  });
});

describe("audienceScopes", () => {
  it("leaves PUBLIC out of a customer's event by default, and keeps it when asked", () => {
    for (const type of PUBLIC_DEFAULT) {
      expect(audienceScopes(type, undefined)).toEqual(["ADMIN", "USER", "PUBLIC"]);
      expect(audienceScopes(type, undefined, null)).toEqual(["ADMIN", "USER", "PUBLIC"]);
      expect(audienceScopes(type, undefined, "u1")).toEqual(["ADMIN", "USER"]);
      expect(audienceScopes(type, ["PUBLIC"], "u1")).toEqual(["ADMIN", "PUBLIC"]);
      expect(audienceScopes(type, ["USER", "PUBLIC"], "u1")).toEqual(["ADMIN", "USER", "PUBLIC"]);
    }
    expect(audienceScopes("BILLING", undefined)).toEqual(["ADMIN", "USER"]);
    expect(audienceScopes("BILLING", undefined, "u1")).toEqual(["ADMIN", "USER"]);
  });
});
