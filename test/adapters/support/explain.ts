/** Checks that routing (findWebhooks) is one SQL query whose PostgreSQL plan uses one of the table's indexes. */
import { expect } from "vitest";
import { WEBHOOK_SCOPES, WEBHOOK_TYPES, type WebhookRecord } from "../../../src/types.js";
import { explainRouting, type PlanConnection } from "./plan.js";

export interface IndexedRoutingProbe extends PlanConnection {
  /** Inserts rows (through the adapter's ORM). */
  seed: (rows: WebhookRecord[]) => Promise<void>;
  /** Calls findWebhooks once and returns the SQL statements it sent. */
  route: () => Promise<{ sql: string; params: unknown[] }[]>;
}

/** Seeds `count` rows, routes once, and asserts one query whose plan uses an index, not a sequential scan. */
export async function expectIndexedRouting(probe: IndexedRoutingProbe, count = 3000): Promise<string> {
  const base = Date.UTC(2026, 0, 1);
  const rows: WebhookRecord[] = Array.from({ length: count }, (_, i) => {
    const scope = WEBHOOK_SCOPES[i % 3]!;
    return {
      id: `seed-${String(i).padStart(6, "0")}`, name: `hook ${i}`,
      webhookUrl: `https://discord.com/api/v10/webhooks/${100000000000000000 + i}/${"x".repeat(68)}`,
      type: WEBHOOK_TYPES[i % WEBHOOK_TYPES.length]!, scope, enabled: i % 11 !== 0, testSuccessAt: null, avatarUrl: null,
      createdAt: new Date(base + i), userId: scope === "USER" ? `user-${i % 500}` : null, disabledReason: null,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await probe.seed(rows.slice(i, i + 500));
  await probe.exec('ANALYZE "DiscordWebhook"');
  const sent = await probe.route();
  expect(sent).toHaveLength(1);
  const { sql, params } = sent[0]!;
  // The planner may pick a sequential scan on a table this small; turning it off shows whether an index can serve.
  const { plan } = await explainRouting(probe, sql, params, { seqscan: false });
  expect(plan).toMatch(/Index|Bitmap/);
  expect(plan).toMatch(/DiscordWebhook_(type|scope|userId)_idx/);
  expect(plan).not.toMatch(/Seq Scan/);
  return plan;
}
