/**
 * Event calls with `{ tx }`: written to the queue's outbox inside the host's transaction, and relayed (routed and
 * queued like any call with `wait: false`) by this process's worker once committed.
 */
import type { Outbox, OutboxEntry, OutboxTransaction } from "../delivery/outbox.js";
import type { DiscordEmbed } from "../discord/schemas.js";
import type { EventName } from "../embeds/events.js";
import { ConfigError, DeliveryRefusedError, StoreError, ValidationError } from "../errors.js";
import type { IncidentSignal } from "../incidents/types.js";
import { ownData, ownProperty } from "../own.js";
import type { WebhookType } from "../types.js";
import type { ParsedDispatchOptions } from "./message-options.js";
import type { DispatchOptions, DispatchResult } from "./types.js";

/** Routes one call as the dispatcher does. */
type Route = (type: WebhookType, embeds: readonly DiscordEmbed[], opts: ParsedDispatchOptions, event?: EventName, signal?: IncidentSignal) => Promise<DispatchResult>;

/** The outbox side of one dispatcher. */
export interface OutboxSide {
  /** Writes the call through `tx`; resolves with `outboxId` and no deliveries. */
  write(tx: OutboxTransaction, type: WebhookType, embeds: readonly DiscordEmbed[], opts: ParsedDispatchOptions, event?: EventName, signal?: IncidentSignal): Promise<DispatchResult>;
}

/** Creates it; with `worker`, this process relays committed entries through `route`. */
export function createOutboxSide(outbox: Outbox | undefined, worker: boolean, route: Route, closed: () => boolean): OutboxSide {
  if (outbox && worker) {
    outbox.serve(async (entries) => {
      for (const entry of entries) {
        // The batch stays in the outbox for the next worker: nothing relayed after close() is refused as CLOSED.
        if (closed()) throw new DeliveryRefusedError("CLOSED", "The dispatcher is closing; the outbox entry stays queued");
        // Stored from parsed options (JSON), so read back as such (copied without prototypes, as parsed options are); a relay done twice (a crash before the entry was
        // removed) is queued once per webhook: the entry's id is its idempotency key unless the call gave one.
        const opts = ownData({ ...(entry.options as ParsedDispatchOptions), wait: false });
        opts.idempotencyKey ??= `outbox:${entry.id}`;
        const result = await route(entry.type, entry.embeds, opts, entry.event as EventName | undefined, entry.signal);
        // A push the queue could not take: the batch is handed again (pushes already done are found by their key).
        const unsure = result.errors.find((e) => e.error instanceof StoreError);
        if (unsure) throw unsure.error;
      }
    });
  }
  return {
    async write(tx, type, embeds, opts, event, signal) {
      if (!outbox) throw new ConfigError("`tx` needs a queue with an outbox in your database: postgresQueue() from discord-webhook-dispatcher/postgres");
      const options: Record<string, unknown> = { ...opts };
      delete options.tx;
      delete options.wait;
      const entry: OutboxEntry = { type, embeds: [...embeds], options, ...(event !== undefined && { event }), ...(signal !== undefined && { signal }) };
      const outboxId = await outbox.write(tx, entry);
      return { success: true, matched: 0, sent: 0, failed: 0, errors: [], deliveries: [], outboxId };
    },
  };
}

/**
 * The call's `tx`, as given (a live client: never copied), or `undefined`. Throws a `ValidationError` for anything
 * that is not a pg client, Prisma transaction client or Drizzle transaction, and for `wait: true` beside it: the
 * send happens after the commit, so awaiting it inside the transaction would wait forever.
 */
export function transactionOf(options: DispatchOptions | undefined): OutboxTransaction | undefined {
  const tx = ownProperty(options, "tx");
  if (tx === undefined) return undefined;
  const o = (typeof tx === "object" && tx !== null ? tx : {}) as Record<string, unknown>;
  if (typeof o.query !== "function" && typeof o.$executeRawUnsafe !== "function" && typeof o.execute !== "function") {
    throw new ValidationError("dispatch options", [{ path: "tx", message: "must be a pg client, a Prisma transaction client or a Drizzle transaction" }]);
  }
  if (ownProperty(options, "wait") === true) {
    throw new ValidationError("dispatch options", [{ path: "wait", message: "wait: true cannot be used with tx (the event is sent once the transaction commits)" }]);
  }
  return tx as OutboxTransaction;
}
