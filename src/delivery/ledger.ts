/**
 * The in-process book of open deliveries: which queued embeds belong to which delivery, how many attempts and
 * 429s each embed has had, and the promise each delivery's caller waits on. A delivery settles when every one of
 * its embeds has (delivered or failed); failure of any embed makes it `failed`.
 */
import type { DispatcherError } from "../errors.js";
import type { DeliveryReport } from "./types.js";

/** Per-embed counters. */
export interface JobState {
  deliveryId: string;
  /** Requests that carried this embed. */
  attempts: number;
  /** Transient failures (5xx, network, timeout); 429s are not counted here. */
  failures: number;
  rateLimits: number;
  /** Must go alone (its packed message was rejected). */
  alone: boolean;
}

interface OpenDelivery {
  report: DeliveryReport;
  open: number;
  resolve: (report: DeliveryReport) => void;
}

/** The ledger. */
export interface Ledger {
  /** Opens a delivery of `jobIds`; the promise resolves when all have settled. */
  open(deliveryId: string, webhook: { id: string; name: string }, jobIds: readonly string[]): Promise<DeliveryReport>;
  /** Counters of an unsettled job, or `undefined` once settled. */
  job(jobId: string): JobState | undefined;
  /** Counts one request carrying these jobs (once per delivery). */
  attempt(jobIds: readonly string[]): void;
  /** Records the answer status on the jobs' deliveries. */
  status(jobIds: readonly string[], status: number | undefined): void;
  /** Settles jobs as delivered in message `messageId`. */
  delivered(jobIds: readonly string[], messageId: string | undefined): void;
  /** Settles jobs as failed. */
  failed(jobIds: readonly string[], error: DispatcherError): void;
  /** Ids of every unsettled job. */
  openJobs(): string[];
  /** Resolves when no delivery is open. */
  idle(): Promise<void>;
  /** Number of open deliveries. */
  size(): number;
}

/** Creates an empty ledger. */
export function createLedger(): Ledger {
  const deliveries = new Map<string, OpenDelivery>();
  const jobs = new Map<string, JobState>();
  let idleWaiters: (() => void)[] = [];

  const settle = (jobId: string, apply: (d: OpenDelivery) => void): void => {
    const job = jobs.get(jobId);
    if (!job) return;
    jobs.delete(jobId);
    const d = deliveries.get(job.deliveryId);
    if (!d) return;
    apply(d);
    d.open -= 1;
    if (d.open > 0) return;
    deliveries.delete(job.deliveryId);
    if (d.report.status !== "failed") d.report.status = "delivered";
    d.resolve(d.report);
    if (deliveries.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const eachDelivery = (jobIds: readonly string[], fn: (d: OpenDelivery) => void): void => {
    const seen = new Set<string>();
    for (const id of jobIds) {
      const job = jobs.get(id);
      if (!job || seen.has(job.deliveryId)) continue;
      seen.add(job.deliveryId);
      const d = deliveries.get(job.deliveryId);
      if (d) fn(d);
    }
  };

  return {
    open(deliveryId, webhook, jobIds) {
      return new Promise((resolve) => {
        const report: DeliveryReport = { webhook: { id: webhook.id, name: webhook.name }, status: "delivered", messageIds: [], attempts: 0 };
        deliveries.set(deliveryId, { report, open: jobIds.length, resolve });
        for (const id of jobIds) jobs.set(id, { deliveryId, attempts: 0, failures: 0, rateLimits: 0, alone: false });
      });
    },
    job: (jobId) => jobs.get(jobId),
    attempt(jobIds) {
      for (const id of jobIds) {
        const job = jobs.get(id);
        if (job) job.attempts += 1;
      }
      eachDelivery(jobIds, (d) => (d.report.attempts += 1));
    },
    status(jobIds, status) {
      if (status !== undefined) eachDelivery(jobIds, (d) => (d.report.lastStatus = status));
    },
    delivered(jobIds, messageId) {
      for (const id of jobIds) {
        settle(id, (d) => {
          if (messageId !== undefined && !d.report.messageIds.includes(messageId)) d.report.messageIds.push(messageId);
        });
      }
    },
    failed(jobIds, error) {
      for (const id of jobIds) {
        settle(id, (d) => {
          d.report.status = "failed";
          d.report.error ??= error;
        });
      }
    },
    openJobs: () => [...jobs.keys()],
    idle() {
      if (deliveries.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    size: () => deliveries.size,
  };
}
