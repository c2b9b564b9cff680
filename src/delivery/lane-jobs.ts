/**
 * What a lane knows about the jobs it is working on: per-embed counters, which embeds may share the next message,
 * and how settled embeds become outcome parts (one per delivery). Owned by one lane; forgotten when it goes idle.
 */
import { packBy } from "../discord/pack.js";
import type { QueuedEmbed, SettledEmbeds } from "./state.js";
import type { WireMessageOptions } from "./state-queue.js";

/** Per-embed counters. */
export interface Counters {
  /** Requests that carried the embed. */
  attempts: number;
  /** Transient failures (5xx, network, timeout); 429s are counted apart. */
  failures: number;
  rateLimits: number;
  /** Must go alone: a packed message that carried it was rejected. */
  alone: boolean;
}

/**
 * The jobs one lane is working on: their counters (created on first use, forgotten once settled or when the lane goes
 * idle), which of them may share the next message, and how settled ones become outcome parts (one per delivery).
 */
export class JobBook {
  private counters: Map<string, Counters> | undefined;

  /** The counters of `job`, created at zero on first use. */
  count(job: QueuedEmbed): Counters {
    this.counters ??= new Map();
    let c = this.counters.get(job.id);
    if (!c) {
      c = { attempts: 0, failures: 0, rateLimits: 0, alone: false };
      this.counters.set(job.id, c);
    }
    return c;
  }

  /** The next message: the head, plus what may share it, packed to Discord's limits (≤ 10 embeds, ≤ 6000 characters). */
  pick(head: readonly QueuedEmbed[]): QueuedEmbed[] {
    const first = head[0];
    if (!first || this.count(first).alone) return first ? [first] : [];
    const run: QueuedEmbed[] = [];
    for (const job of head) {
      if (this.count(job).alone || !sameMessage(job.message, first.message)) break;
      // A solo delivery (a test message) shares its message with nobody else.
      if ((first.solo || job.solo) && job.deliveryId !== first.deliveryId) break;
      run.push(job);
    }
    return packBy(run, (j) => j.embed)[0] ?? [first];
  }

  /** Settled jobs as outcome parts (one per delivery, with the most attempts any of its embeds took); their counters are forgotten. */
  parts(jobs: readonly QueuedEmbed[], status: "delivered" | "failed", extra: Pick<SettledEmbeds, "messageId" | "lastStatus" | "error">): SettledEmbeds[] {
    const byDelivery = new Map<string, SettledEmbeds & { jobIds: string[] }>();
    for (const job of jobs) {
      const attempts = this.counters?.get(job.id)?.attempts ?? 0;
      this.counters?.delete(job.id);
      const part = byDelivery.get(job.deliveryId);
      if (part) {
        part.jobIds.push(job.id);
        part.attempts = Math.max(part.attempts, attempts);
      } else byDelivery.set(job.deliveryId, { deliveryId: job.deliveryId, jobIds: [job.id], status, attempts, ...extra });
    }
    return [...byDelivery.values()];
  }

  /** Forgets every counter (the lane went idle). */
  clear(): void {
    this.counters = undefined;
  }
}

/** Whether two deliveries' message options are equal, so their embeds may share a message. */
function sameMessage(a: WireMessageOptions, b: WireMessageOptions): boolean {
  if (a === b) return true;
  return (
    a.username === b.username &&
    a.avatar_url === b.avatar_url &&
    a.thread_id === b.thread_id &&
    a.content === b.content &&
    a.flags === b.flags &&
    a.thread_name === b.thread_name &&
    sameJson(a.applied_tags, b.applied_tags) &&
    sameJson(a.components, b.components) &&
    sameJson(a.allowed_mentions, b.allowed_mentions)
  );
}

/** Whether two JSON values are equal; the same object (a shared default) is not serialised. */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
