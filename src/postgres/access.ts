/**
 * How `postgresQueue()` reaches its database: every call waits for the tables (created on first use) and fails fast
 * with a `StoreError` while the database is down; writes that follow a send are retried through a blip; a transaction
 * runs on one pooled connection.
 */
import type { Pool, PoolClient } from "pg";
import { sleep } from "../delivery/waiting.js";
import { StoreError } from "../errors.js";
import { ddl } from "./schema.js";

/** How long writes after a send are retried through a blip. */
const WRITE_RETRY_MS = 30_000;

/** The database calls of one queue. */
export interface PostgresAccess {
  /** Creates the tables once (tried again on the next call after a failure). Rejects with a `StoreError`. */
  migrate: () => Promise<void>;
  /**
   * Runs `fn` once the tables exist; fails fast with a `StoreError` naming `what` while the database is down. A pool
   * whose every connection is open and busy (a burst of calls) is not a database that is down: pg-pool's wait for a
   * free connection times out like a failed connect, so such a call waits its turn again instead of failing.
   */
  call: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
  /** {@link PostgresAccess.call}, tried again for 30 s through a blip (not once the queue is released). */
  write: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
  /** Runs `fn` between `BEGIN` and `COMMIT` on one pooled connection; rolls back and rejects when it throws. */
  transaction: <T>(fn: (c: PoolClient) => Promise<T>) => Promise<T>;
}

/** The calls of the queue in `schema` with table `prefix`; `isReleased` says the queue let its connections go. */
export function postgresAccess(pool: Pool, schema: string, prefix: string, isReleased: () => boolean): PostgresAccess {
  let ready: Promise<void> | undefined;
  const fail = (what: string, cause: unknown): StoreError =>
    cause instanceof StoreError ? cause : new StoreError("postgres", `${what} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  const migrate = (): Promise<void> => {
    ready ??= pool.query(ddl(schema, prefix)).then(
      () => undefined,
      (error: unknown) => {
        ready = undefined;
        throw fail("creating the queue tables", error);
      },
    );
    return ready;
  };
  // Every connection of the pool is open (a database that is down has none): the wait for one timed out because all
  // were busy, even if one was given back since. Checking for none idle as well lost that race under bursts.
  const busy = (error: unknown): boolean =>
    error instanceof Error && error.message.includes("timeout exceeded when trying to connect") && pool.totalCount >= pool.options.max;
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        await migrate();
        return await fn();
      } catch (error) {
        if (!isReleased() && busy(error)) continue;
        throw fail(what, error);
      }
    }
  };
  return {
    migrate,
    call,
    async write(what, fn) {
      const end = Date.now() + WRITE_RETRY_MS;
      for (;;) {
        try {
          return await call(what, fn);
        } catch (error) {
          if (isReleased() || Date.now() >= end) throw error;
          await sleep(200);
        }
      }
    },
    async transaction(fn) {
      const c = await pool.connect();
      try {
        await c.query("BEGIN");
        const out = await fn(c);
        await c.query("COMMIT");
        return out;
      } catch (error) {
        await c.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        c.release();
      }
    },
  };
}
