/**
 * Where a delivery's jobs enter a lane: routine jobs at the end; an urgent one (it fires or resolves a problem)
 * ahead of the routine jobs waiting, but behind every urgent job and every job of its own problem already waiting,
 * so the order within one problem is kept. Written once here; the Redis push script applies the same rule inside
 * Redis (src/redis/lanes.ts) and the delivery-state conformance suite pins both.
 */
import type { QueuedEmbed } from "./state.js";

/** The index in `waiting` (oldest first) at which `job` is inserted. */
export function priorityIndex(waiting: readonly Pick<QueuedEmbed, "urgent" | "problem">[], job: Pick<QueuedEmbed, "urgent" | "problem">): number {
  if (job.urgent !== true) return waiting.length;
  for (let i = waiting.length - 1; i >= 0; i--) {
    const w = waiting[i];
    if (w?.urgent === true || (job.problem !== undefined && w?.problem === job.problem)) return i + 1;
  }
  return 0;
}
