/**
 * What the engine does differently over a durable state (queued work outlives this process, e.g. `redisQueue()`):
 * report adopted lanes whose message may have been in flight, let waiting callers go with `queued` at close, and
 * close without failing anything queued.
 */
import { sleep, type Stopper } from "./waiting.js";
import type { Observer } from "./observe.js";
import type { DeliveryOutcome, DeliveryState, LaneLease } from "./state.js";

/** Reports, before the lane runs, that an adopted lane may resend a message the dead process had in flight. */
export function reportAdoption(observer: Observer, lease: LaneLease): void {
  const dups = lease.possibleDuplicates ?? [];
  if (dups.length === 0) return;
  observer.log("warn", "adopted a lane whose message may have been in flight; it is sent again and may appear twice", { webhook: { id: lease.laneId }, deliveries: dups.length });
  observer.hook("onPossibleDuplicate", { webhook: { id: lease.laneId }, deliveryIds: dups });
}

/** A promise that resolves with a `queued` outcome once `leave()` is called (the dispatcher closed). */
export function leaving(): { left: Promise<DeliveryOutcome>; leave: () => void } {
  let leave: () => void = () => undefined;
  const left = new Promise<DeliveryOutcome>((resolve) => {
    leave = () => {
      resolve({ status: "queued", messageIds: [], attempts: 0 });
    };
  });
  return { left, leave };
}

/**
 * Closes over a durable state: the runners of this process finish the request in flight and give their lanes back
 * (`worker`), callers still waiting here resolve `queued`, store writes after the last sends (and the settlements
 * behind them) get up to `graceMs`, then the state is released.
 */
export async function closeDurable(state: DeliveryState, worker: boolean, leave: () => void, pendingWrites: () => number, graceMs: number, stop: Stopper): Promise<void> {
  if (worker) await state.close();
  leave();
  const end = Date.now() + graceMs;
  while (pendingWrites() > 0 && Date.now() < end) await sleep(10, stop);
  await state.release?.();
}
