/**
 * The transactional outbox of `postgresQueue()`: one `INSERT` through the host's own transaction client (pg, Prisma
 * or Drizzle), announced on commit by a statement trigger's `pg_notify`; a worker relays committed rows oldest first,
 * one batch at a time across every process (an advisory lock), and deletes them in the same transaction once the
 * relay resolved, so a crash mid-relay hands the batch to the next worker.
 */
import { randomUUID } from "node:crypto";
import type { PoolClient } from "pg";
import type { Outbox, OutboxEntry, OutboxTransaction } from "../delivery/outbox.js";
import { StoreError } from "../errors.js";

/** Rows relayed per batch. */
const BATCH = 100;
/** After a failed relay (store or queue away), the next try. */
const RETRY_MS = 1000;

/** The outbox table and its trigger (part of schema.ts's DDL). `channel` is the queue's LISTEN/NOTIFY channel. */
export function outboxDdl(table: string, notify: string, channel: string, prefix: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  -- The event: type, embeds, routing and message options. Never a webhook URL or token (routing happens at relay).
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION ${notify}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${channel}', 'o:');
  RETURN NULL;
END $$;
-- Created only when missing: replacing it would lock the table against every transaction writing to it.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '${prefix}outbox_notify' AND tgrelid = '${table}'::regclass) THEN
    CREATE TRIGGER "${prefix}outbox_notify" AFTER INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${notify}();
  END IF;
END $$;`;
}

/** What the outbox needs from its queue. */
export interface OutboxDeps {
  table: string;
  /** Tables exist (the queue's migrate). */
  ready: () => Promise<void>;
  /** Runs `fn` in a transaction on a pooled client. */
  transaction: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>;
  isClosed: () => boolean;
  /** Tracks a relay in flight, so the queue's close() waits for it. */
  track: (p: Promise<void>) => void;
}

/** The outbox plus `kick()`, called on a notification `o:` and by the reconciler. */
export function postgresOutbox(deps: OutboxDeps): Outbox & { kick(): void } {
  const { table } = deps;
  let relay: ((entries: readonly (OutboxEntry & { id: string })[]) => Promise<void>) | undefined;
  let running = false;
  let again = false;
  /** Read through a function: a notification may set it while a batch is awaited. */
  const isAgain = (): boolean => again;
  let retry: ReturnType<typeof setTimeout> | undefined;

  /** One batch under the outbox lock: relayed, then deleted, in one transaction. Gives how many rows it took. */
  const batch = async (fn: NonNullable<typeof relay>): Promise<number> => {
    // The tables first: the relay's pushes must not wait for DDL behind this very transaction.
    await deps.ready();
    return deps.transaction(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${table}:relay`]);
      const { rows } = await c.query<{ id: string; body: OutboxEntry }>(`SELECT id, body FROM ${table} ORDER BY seq LIMIT ${BATCH}`);
      if (rows.length === 0) return 0;
      await fn(rows.map((r) => ({ ...r.body, id: r.id })));
      await c.query(`DELETE FROM ${table} WHERE id = ANY($1::text[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  };

  const kick = (): void => {
    const fn = relay;
    if (!fn || deps.isClosed()) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(retry);
    const run = (async () => {
      try {
        do {
          again = false;
          while (!deps.isClosed() && (await batch(fn)) === BATCH);
        } while (isAgain() && !deps.isClosed());
      } catch {
        // The batch stays; try again soon (the database or the store was away, or this process is closing).
        if (!deps.isClosed()) retry = setTimeout(kick, RETRY_MS);
      } finally {
        running = false;
      }
    })();
    deps.track(run);
  };

  return {
    async write(tx: OutboxTransaction, entry: OutboxEntry): Promise<string> {
      const id = randomUUID();
      const text = `INSERT INTO ${table} (id, body) VALUES ($1, $2::jsonb)`;
      const values = [id, JSON.stringify(entry)];
      try {
        await deps.ready();
        await execute(tx, text, values);
      } catch (error) {
        throw error instanceof StoreError ? error : new StoreError("postgres", `writing to the outbox failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      return id;
    },
    serve(fn) {
      relay = fn;
      kick();
    },
    kick,
  };
}

/** Runs one parameterised statement through whichever client the host gave. */
async function execute(tx: OutboxTransaction, text: string, values: string[]): Promise<void> {
  if ("$executeRawUnsafe" in tx) {
    await tx.$executeRawUnsafe(text, ...values);
    return;
  }
  if ("query" in tx && typeof tx.query === "function") {
    await tx.query(text, values);
    return;
  }
  // Drizzle: its `sql` builder keeps the values as parameters (drizzle-orm is installed when a Drizzle tx exists).
  const { sql } = await import("drizzle-orm");
  const [head = "", tail = ""] = text.split("$1, $2");
  const query = sql.join([sql.raw(head), sql.param(values[0]), sql.raw(", "), sql.param(values[1]), sql.raw(tail)]);
  await (tx as { execute(q: typeof query): PromiseLike<unknown> }).execute(query);
}
