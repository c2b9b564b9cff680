/**
 * The 10,000 webhooks of scenario (d), a platform-like mix: a few admin and public webhooks per type, and thousands
 * of users' own webhooks of every type. One event (a game server state change for one user) matches a few dozen.
 * Deterministic (seeded), so every store and every run routes the same rows.
 */
import { WEBHOOK_TYPES, type FindWebhooksQuery, type WebhookRecord } from "../src/index.js";

/** How many rows, and the owner the measured events are for. */
export const ROW_COUNT = 10_000;
export const EVENT_USER = "user-0042";
const USERS = 3000;
const ADMIN_PER_TYPE = 10;
const PUBLIC_PER_TYPE = 20;
/** The event user's own GAME_SERVER webhooks (the rest of theirs are other types). */
const EVENT_USER_GAME = 8;

/** A small deterministic PRNG (mulberry32), so the mix is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The rows, ids `bench-000000`…; made-up webhook ids and tokens, unique per row. */
export function benchRows(): WebhookRecord[] {
  const random = prng(20260301);
  const base = Date.UTC(2025, 0, 1);
  const rows: WebhookRecord[] = [];
  const add = (type: WebhookRecord["type"], scope: WebhookRecord["scope"], userId: string | null, enabled: boolean): void => {
    const i = rows.length;
    rows.push({
      id: `bench-${String(i).padStart(6, "0")}`,
      name: `${scope.toLowerCase()} ${type.toLowerCase()} ${i}`,
      webhookUrl: `https://discord.com/api/v10/webhooks/${100000000000000000 + i}/${"t".repeat(60)}${String(i).padStart(8, "0")}`,
      type, scope, enabled, testSuccessAt: null, avatarUrl: null,
      createdAt: new Date(base + i * 60_000), userId, disabledReason: enabled ? null : "Discord answered 404 Unknown Webhook",
    });
  };
  // About 3% of every kind were disabled after a 404: routing must skip them.
  const enabled = (): boolean => random() >= 0.03;
  for (const type of WEBHOOK_TYPES) {
    for (let k = 0; k < ADMIN_PER_TYPE; k++) add(type, "ADMIN", null, enabled());
    for (let k = 0; k < PUBLIC_PER_TYPE; k++) add(type, "PUBLIC", null, enabled());
  }
  for (let k = 0; k < EVENT_USER_GAME; k++) add("GAME_SERVER", "USER", EVENT_USER, true);
  add("VPS", "USER", EVENT_USER, true);
  add("BILLING", "USER", EVENT_USER, true);
  while (rows.length < ROW_COUNT) {
    const user = `user-${String(Math.floor(random() * USERS)).padStart(4, "0")}`;
    const type = WEBHOOK_TYPES[Math.floor(random() * WEBHOOK_TYPES.length)]!;
    add(type, "USER", user === EVENT_USER ? `${user}-other` : user, enabled());
  }
  // Interleave, so the matching rows are spread over the table's pages as they would be after years of inserts.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows;
}

/** The rows an event routes to, computed here independently of every store. */
export function expectedMatches(rows: readonly WebhookRecord[], query: FindWebhooksQuery): number {
  return rows.filter(
    (r) => r.enabled && r.type === query.type && query.scopes.includes(r.scope) && (r.scope !== "USER" || (query.userId != null && r.userId === query.userId)),
  ).length;
}
