/**
 * The outbox port: events written inside the host's own database transaction, so each is sent exactly when that
 * transaction commits and never when it rolls back. Only a state kept in the host's database can offer it
 * (`postgresQueue()`); routing happens when a worker relays the entry, so the webhooks enabled then receive it.
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import type { IncidentSignal } from "../incidents/types.js";
import type { WebhookType } from "../types.js";

/**
 * The host's open transaction, as its database library gives it: a `pg` client (`query`), a Prisma
 * interactive-transaction client (`$executeRawUnsafe`) or a Drizzle transaction (`execute`). It must be a
 * transaction on the database `postgresQueue()` uses.
 */
export type OutboxTransaction =
  | { query(text: string, values?: unknown[]): Promise<unknown> }
  | { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<unknown> }
  | { execute(query: never): unknown };

/** One event as the outbox keeps it: plain JSON, never a webhook URL or token. */
export interface OutboxEntry {
  /** The webhook type the event is routed by. */
  type: WebhookType;
  embeds: DiscordEmbed[];
  /** The event family (`serverStateChange`, ...) for logs and the delivery log; absent for `dispatch`. */
  event?: string;
  /** The call's routing and message options (validated; without `tx` and `wait`). */
  options: Record<string, unknown>;
  /** The problem the event is about, when incidents apply. */
  signal?: IncidentSignal;
}

/**
 * Contract:
 * - `write` MUST write through `tx` alone (nothing else may commit it) and give the entry's id. It MAY reject
 *   (`StoreError`), which fails the host's transaction as any failed statement does.
 * - After `serve(relay)`, committed entries MUST be handed to `relay`, oldest first, one batch at a time across
 *   every process sharing the state; an entry is removed only once `relay` resolved for its batch, so each is relayed
 *   at least once (a relay that rejects or a process that dies gets the batch handed again). `close()` of the state
 *   stops it.
 */
export interface Outbox {
  write(tx: OutboxTransaction, entry: OutboxEntry): Promise<string>;
  serve(relay: (entries: readonly (OutboxEntry & { id: string })[]) => Promise<void>): void;
}
