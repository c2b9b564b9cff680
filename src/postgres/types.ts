/**
 * The public types of `postgresQueue()`: what it accepts and what it returns.
 */
import type { Pool } from "pg";
import type { DeliveryState } from "../delivery/state.js";
import type { IncidentState } from "../incidents/port.js";

/** What `postgresQueue({ connection })` accepts: a connection string, or a `pg` Pool (shared, never ended by us). */
export type PostgresConnection = string | Pool;

/** Options of {@link postgresQueue}. */
export interface PostgresQueueOptions {
  /** A connection string (`postgresql://user@host/db`; a pool of up to 5 connections is made and ended on close) or a `pg` Pool (used as it is; never ended by us). */
  connection: PostgresConnection;
  /** The schema of the tables. Default `public`. */
  schema?: string;
  /** Prefix of every table and of the notification channel. Processes that share one share queues. Default `dwd_`. */
  prefix?: string;
  /**
   * How long a crashed process's lanes wait before another process adopts them. Keep it well above the HTTP timeout
   * (`timeoutMs`, default 15 s). Default 30 000.
   */
  leaseMs?: number;
  /**
   * The IP address (or any name) this process sends from. Discord's global limit is per IP: processes with the same
   * egress share one budget. Default: one budget for every process of the schema and prefix.
   */
  egress?: string;
  /**
   * The most bytes of files one message may carry (`files` on an event call travel in the queue, base64). A call
   * over it is refused with a `ValidationError`. Default 8 MiB.
   */
  maxFileBytes?: number;
  /** How long a settled delivery's outcome row stays. Default 24 h. */
  outcomeTtlMs?: number;
  /** Lanes this process works at once. Default 64. */
  concurrency?: number;
}

/** The PostgreSQL delivery state. `durable` tells the dispatcher that queued work outlives this process. */
export interface PostgresDeliveryState extends DeliveryState {
  readonly durable: true;
  /** Incidents and silences in PostgreSQL, shared by every process of the schema and prefix. */
  readonly incidents: IncidentState;
  /** Creates the tables when missing (idempotent; the shipped migrations create the same). Called before first use. */
  migrate(): Promise<void>;
}
