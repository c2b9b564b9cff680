/**
 * The multi-process scenario of the Redis mode (test/servers/redis/support/mp-scenario.ts) on PostgreSQL alone:
 * three workers and a producer share one `postgresQueue()`, one worker SIGKILLed and one closed mid-stream. Nothing
 * lost, order kept, never more than 50 requests in any second across processes (the shared PL/pgSQL budgets),
 * duplicates only as allowed. Afterwards the queue's tables are empty of jobs and lanes and hold no URL or token.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { DiscordFake } from "../../../src/testing/index.js";
import { requireEnv } from "../env.js";
import { killChildren } from "../redis/support/children.js";
import { runMultiProcess } from "../redis/support/mp-scenario.js";

const postgresUrl = requireEnv("DATABASE_URL_PG");
let fake: DiscordFake | undefined;
afterAll(async () => {
  killChildren();
  await fake?.close();
});

describe("three workers and a producer on one PostgreSQL", () => {
  it("loses nothing, keeps order, stays under Discord's limits through a SIGKILL and a graceful close", async () => {
    const prefix = `mp${randomUUID().slice(0, 8)}_`;
    const run = await runMultiProcess({ backend: "postgres", redisUrl: "", postgresUrl, prefix }, "postgres");
    fake = run.fake;

    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      const count = async (table: string): Promise<number> => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "public"."${prefix}${table}"`)).rows[0]?.n);
      expect(await count("jobs")).toBe(0);
      expect(await count("lanes")).toBe(0);
      // No table of the prefix holds a webhook token or a Discord URL.
      const { rows } = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE $1`, [`${prefix}%`]);
      expect(rows.length).toBeGreaterThan(5);
      for (const { table_name } of rows) {
        const dump = (await client.query<{ t: string }>(`SELECT t::text AS t FROM "public"."${table_name}" t`)).rows.map((r) => r.t).join("\n");
        expect(run.secrets.filter((s) => dump.includes(s)), table_name).toEqual([]);
        expect(/discord(app)?\.com\/api/.test(dump), table_name).toBe(false);
      }
    } finally {
      await client.end();
    }
  }, 150_000);
});
