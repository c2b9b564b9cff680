import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_WEBHOOK_TYPES, WEBHOOK_TYPES, type EventName, type WebhookType } from "../../src/index.js";
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
  const wants = (s: string) => (scopes ? scopes.includes(s) : s === "USER" || (s === "PUBLIC" && PUBLIC_DEFAULT.includes(type)));
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
