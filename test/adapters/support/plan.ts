/**
 * Reading PostgreSQL query plans of the routing query (findWebhooks), shared by the adapter tests and `npm run bench`.
 * Free of vitest so the benchmark can import it.
 */

/** One connection (SET must reach the session that runs EXPLAIN). */
export interface PlanConnection {
  /** Runs SQL with parameters and returns the rows. */
  query: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;
  /** Runs SQL without results. */
  exec: (sql: string) => Promise<void>;
}

/** A plan and what it reads the table with. */
export interface RoutingPlan {
  plan: string;
  /** Index names the plan scans, in plan order, without quotes. */
  indexes: string[];
  seqScan: boolean;
}

/** The names of the indexes a textual plan scans. */
export function indexesIn(plan: string): string[] {
  const found = [...plan.matchAll(/(?:Index Scan using|Index Only Scan using|Bitmap Index Scan on) "?([\w$]+)"?/g)].map((m) => m[1]!);
  return [...new Set(found)];
}

/**
 * `EXPLAIN` of one statement as sent by an adapter. With `seqscan: false`, runs it with `enable_seqscan = off`
 * (then resets it), which shows whether an index can serve the query even where the planner prefers to scan.
 */
export async function explainRouting(db: PlanConnection, sql: string, params: unknown[], options: { seqscan?: boolean; analyze?: boolean } = {}): Promise<RoutingPlan> {
  const seqscan = options.seqscan ?? true;
  if (!seqscan) await db.exec("SET enable_seqscan = off");
  try {
    const rows = await db.query(`EXPLAIN ${options.analyze ? "(ANALYZE, TIMING off, SUMMARY off) " : ""}${sql}`, params);
    const plan = rows.map((r) => String(r["QUERY PLAN"])).join("\n");
    return { plan, indexes: indexesIn(plan), seqScan: /Seq Scan/.test(plan) };
  } finally {
    if (!seqscan) await db.exec("RESET enable_seqscan");
  }
}
