/**
 * The wake-ups of `postgresQueue()`: one connection that `LISTEN`s on the queue's channel (reconnected when it drops),
 * whose notifications say a lane has work (`w:`), a delivery settled (`d:<delivery id>`, its outcome's JSON on a
 * second line when it fitted) or the outbox holds entries (`o:`). A lost notification is covered by the reconciler
 * and the outcome poll.
 */
import type { Notification, Pool, PoolClient } from "pg";

/** What a notification (or a new listening connection) sets going. */
export interface NoticeHandlers {
  /** `w:`: a lane has work. */
  work(): void;
  /** `d:<delivery id>`: a delivery settled; `outcome` is the JSON of its outcome row when the notification carried it. */
  settled(deliveryId: string, outcome: string | undefined): void;
  /** `o:`: the outbox holds entries. */
  outbox(): void;
  /** Listening (again): notifications sent meanwhile are lost, so look for work and settled deliveries now. */
  listening(): void;
}

/**
 * One connection that LISTENs on the queue's channel and hands each notification on; after a drop it listens again
 * and tells the queue to look for work it may have missed.
 */
export interface Notices {
  /** Starts listening (once; again after the connection dropped). Rejects when it could not; it retries by itself. */
  listen(): Promise<void>;
  /** Lets the listening connection go. */
  close(): void;
}

/** Listens on `channel` once `migrate` made the tables; `isReleased` says the queue let its connections go. */
export function postgresNotices(pool: Pool, channel: string, migrate: () => Promise<void>, isReleased: () => boolean, on: NoticeHandlers): Notices {
  let listener: PoolClient | undefined;
  let listening: Promise<void> | undefined;
  const onNotice = (n: Notification): void => {
    const payload = n.payload ?? "";
    if (payload.startsWith("w:")) on.work();
    else if (payload.startsWith("d:")) {
      const line = payload.indexOf("\n");
      if (line < 0) on.settled(payload.slice(2), undefined);
      else on.settled(payload.slice(2, line), payload.slice(line + 1));
    }
    else if (payload.startsWith("o:")) on.outbox();
  };
  const listen = (): Promise<void> => {
    listening ??= (async () => {
      try {
        await migrate();
        const c = await pool.connect();
        if (isReleased()) {
          c.release(true);
          return;
        }
        c.on("notification", onNotice);
        c.on("error", () => {
          c.release(true);
          if (listener === c) listener = undefined;
          listening = undefined;
          if (!isReleased()) setTimeout(() => void listen().catch(() => undefined), 500).unref();
        });
        listener = c;
        await c.query(`LISTEN "${channel}"`);
        on.listening();
      } catch (error) {
        listening = undefined;
        if (!isReleased()) setTimeout(() => void listen().catch(() => undefined), 500).unref();
        throw error;
      }
    })();
    return listening;
  };
  return {
    listen,
    close() {
      if (listener) {
        listener.release(true);
        listener = undefined;
      }
    },
  };
}
