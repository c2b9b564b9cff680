/**
 * The PostgreSQL of scenario (d): the server at DATABASE_URL_PG when set (CI: scripts/ci-databases.sh), otherwise an
 * embedded PGlite served on loopback by pglite-socket, so `npm run bench` needs no server. Both ORMs reach it the same
 * way (node-postgres pools), and every statement they send is recorded on the pool's connections.
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import type { WebhookRecord } from "../src/index.js";
import type { PlanConnection } from "../test/adapters/support/plan.js";
import { migrations } from "../test/adapters/support/sql.js";

/** One SQL statement as a driver sent it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** Where the benchmark's table lives. */
export interface PgSource {
  /** Which PostgreSQL, for the report. */
  label: string;
  url: string;
  /** The schema holding the table: a throwaway one on a real server, so the bench never touches user tables. */
  schema: string;
  /** Connections per ORM pool. */
  poolMax: number;
  /** A separate connection for seeding and EXPLAIN (not recorded). */
  admin: PlanConnection;
  close(): Promise<void>;
}

const BENCH_SCHEMA = "dwd_bench";
const COLUMNS = ["id", "name", "webhookUrl", "type", "scope", "enabled", "testSuccessAt", "avatarUrl", "createdAt", "userId", "disabledReason"] as const;

/** Opens the source and creates the table from the shipped migration. */
export async function openPgSource(): Promise<PgSource> {
  const serverUrl = process.env.DATABASE_URL_PG;
  return serverUrl ? openServer(serverUrl) : openPglite();
}

async function openServer(url: string): Promise<PgSource> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const version = (await client.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  await client.query(`DROP SCHEMA IF EXISTS "${BENCH_SCHEMA}" CASCADE; CREATE SCHEMA "${BENCH_SCHEMA}"; SET search_path TO "${BENCH_SCHEMA}"`);
  for (const sql of migrations("postgresql")) await client.query(sql);
  return {
    label: `PostgreSQL ${version} server (DATABASE_URL_PG, schema "${BENCH_SCHEMA}", dropped afterwards)`,
    url,
    schema: BENCH_SCHEMA,
    poolMax: 4,
    admin: {
      query: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows,
      exec: async (sql) => {
        await client.query(sql);
      },
    },
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS "${BENCH_SCHEMA}" CASCADE`);
      await client.end();
    },
  };
}

async function openPglite(): Promise<PgSource> {
  const db = await PGlite.create();
  for (const sql of migrations("postgresql")) await db.exec(sql);
  const version = (await db.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  return {
    label: `embedded PGlite (PostgreSQL ${version}, in process, over pglite-socket; DATABASE_URL_PG not set)`,
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`,
    schema: "public",
    // PGlite is one backend: more connections only queue behind each other.
    poolMax: 1,
    admin: {
      query: async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
      exec: async (sql) => {
        await db.exec(sql);
      },
    },
    async close() {
      await server.stop();
      await db.close();
    },
  };
}

/** Inserts the rows (multi-row INSERTs on the admin connection) and refreshes the planner's statistics. */
export async function seedRows(source: PgSource, rows: readonly WebhookRecord[]): Promise<void> {
  const columns = COLUMNS.map((c) => `"${c}"`).join(", ");
  for (let start = 0; start < rows.length; start += 500) {
    const batch = rows.slice(start, start + 500);
    const params = batch.flatMap((r) => COLUMNS.map((c) => r[c]));
    const values = batch.map((_, i) => `(${COLUMNS.map((__, k) => `$${i * COLUMNS.length + k + 1}`).join(", ")})`).join(", ");
    await source.admin.query(`INSERT INTO "${source.schema}"."DiscordWebhook" (${columns}) VALUES ${values}`, params);
  }
  await source.admin.exec(`ANALYZE "${source.schema}"."DiscordWebhook"`);
}

/** A node-postgres pool on the source whose connections append every statement they send to `log`. */
export function recordingPool(source: PgSource, log: Statement[]): pg.Pool {
  // Drizzle's table names are unqualified: the connection's search_path picks the bench schema on a real server.
  const options = source.schema === "public" ? {} : { options: `-c search_path=${source.schema}` };
  const pool = new pg.Pool({ connectionString: source.url, max: source.poolMax, ...options });
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const recorded = (...args: unknown[]): unknown => {
      log.push(statementOf(args));
      return query(...args);
    };
    Object.assign(client, { query: recorded });
  });
  return pool;
}

function statementOf(args: unknown[]): Statement {
  const [first, second] = args;
  if (typeof first === "string") return { sql: first, params: Array.isArray(second) ? (second as unknown[]) : [] };
  // Drizzle passes (config, values); Prisma's adapter passes ({ text, values, ... }).
  const config = first as { text?: unknown; values?: unknown } | null;
  const values = Array.isArray(second) ? second : config?.values;
  return { sql: typeof config?.text === "string" ? config.text : "", params: Array.isArray(values) ? (values as unknown[]) : [] };
}
