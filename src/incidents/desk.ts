/**
 * The incident side of one routed delivery: a matching silence skips it; a problem is posted, edited, reposted or
 * suppressed as `decideIncident` says, its record kept in the incident state; anything else is posted as is.
 * Events of one problem for one webhook take turns in this process, and a run of edits waiting together becomes one
 * edit carrying the latest state (at most one edit in flight per message); processes sharing a state serialise
 * through its compare-and-set, and claim a new tracked message before posting it (claim.ts), so one problem is
 * never posted twice by two processes at once.
 */
import type { DiscordEmbed } from "../discord/schemas.js";
import { claimPost, readProblem, remindAt, settleClaim, type Problem } from "./claim.js";
import { decideIncident, decideReminder, type IncidentDecision, type NextRecord } from "./decide.js";
import { incidentEmbed, reminderEmbed, resolvedNotice } from "./look.js";
import { embedMark } from "./mark.js";
import { silenceMatches } from "./silences.js";
import type { DeskDelivery, IncidentDeskOptions, IncidentReport, Poster } from "./desk-types.js";
import type { DeliveryReport } from "../delivery/types.js";
import type { WebhookRecord } from "../types.js";
import type { IncidentPolicy, IncidentRecord, IncidentSignal, Silence } from "./types.js";

export type { DeskDelivery, IncidentDeskOptions, IncidentReport, MessageEditor, Poster } from "./desk-types.js";

/** Compare-and-set attempts before a write gives way (each re-reads what another process wrote). */
const CAS_ATTEMPTS = 5;

/** The desk of one dispatcher. */
export interface IncidentDesk {
  /** Routes one delivery: silenced, or posted / edited / reposted / suppressed as its problem's state says. */
  deliver(d: DeskDelivery, silences: readonly Silence[]): Promise<IncidentReport>;
  /**
   * Posts a reminder of problem `key` of `record` (into `threadId`) when it is still open and its message is
   * `repeatIntervalMs` old, in turn with the problem's events; `undefined` when none was due (resolved, or reminded
   * by another process).
   */
  remind(record: WebhookRecord, key: string, post: Poster, threadId: string | undefined): Promise<IncidentReport | undefined>;
}

/** Creates the desk of one dispatcher. */
export function createIncidentDesk(options: IncidentDeskOptions): IncidentDesk {
  const { state, policy, edit, now } = options;
  const ttlMs = policy?.ttlMs ?? 1;
  const remindEveryMs = policy?.repeatIntervalMs ?? 0;
  const slots = new Map<string, Job[]>();

  const notify = (job: { signal?: IncidentSignal | undefined }, report: IncidentReport, next?: NextRecord): IncidentReport => {
    if (job.signal !== undefined && report.action !== undefined) {
      try {
        options.onIncident?.({ webhook: report.webhook, key: job.signal.key, action: report.action, ...(next && { status: next.status, count: next.count }), ...(report.messageIds[0] !== undefined && { messageId: report.messageIds[0] }) });
      } catch {
        // A hook never breaks delivery.
      }
    }
    return report;
  };

  /** Posts untracked: the event as it is. */
  const plain = (job: Job, embeds: readonly DiscordEmbed[]): Promise<IncidentReport> => job.d.post(embeds, urgency(job.signal)).then(posted);

  /**
   * Posts a message that becomes the problem's tracked one, under a claim over `from` (claim.ts); `undefined` when
   * another process claimed or wrote first (the caller reads the problem again).
   */
  const tracked = async (job: Job, embeds: readonly DiscordEmbed[], action: "posted" | "reposted", next: NextRecord, from: Problem, source: DiscordEmbed | undefined): Promise<IncidentReport | undefined> => {
    const target = { state, webhookId: job.d.record.id, key: job.signal.key, ttlMs, remindEveryMs };
    const claim = await claimPost(target, from, next, job.at, source);
    if (claim === undefined) return undefined;
    // Packed like any delivery: its embed is found again by its mark (packed.ts).
    const report = await job.d.post(embeds, urgency(job.signal));
    const messageId = report.status === "failed" ? undefined : report.messageIds[0];
    await settleClaim(target, claim, messageId === undefined || embeds[0] === undefined ? undefined : { messageId, postedAt: job.at, threadId: job.d.threadId, mark: embedMark(embeds[0]) });
    return report.status === "failed" ? report : { ...report, action };
  };

  /** Carries out the decision of the first waiting job, folding the edits waiting behind it into one. */
  const step = async (jobs: Job[], first: Job, problem: Problem, activePolicy: IncidentPolicy): Promise<boolean> => {
    const current = problem.current;
    if (first.remind) {
      // Records written before reminders existed keep no embed: nothing to show, no reminder.
      const embed = current?.embed;
      const due = embed === undefined ? undefined : decideReminder(current, first.at, activePolicy);
      if (embed === undefined || due?.send !== "post") {
        jobs.shift();
        first.resolve(undefined);
        return true;
      }
      const report = await tracked(first, [reminderEmbed(embed, due.next, first.at)], "reposted", due.next, problem, embed);
      if (report === undefined) return false;
      jobs.shift();
      first.resolve(notify(first, report, due.next));
      return true;
    }
    const decision: IncidentDecision = decideIncident(current, first.signal, first.at, activePolicy);
    if (decision.send === "suppress") return finish(jobs.splice(0, 1), { webhook: hookOf(first), status: "skipped", action: "suppressed", messageIds: current ? [current.messageId] : [], attempts: 0 });
    if (decision.send === "post") {
      const report = await tracked(first, withLook(first.d.embeds, decision.next, first.at), decision.action, decision.next, problem, first.d.embeds[0]);
      if (report === undefined) return false;
      jobs.shift();
      first.resolve(notify(first, report, decision.next));
      return true;
    }
    // decideIncident edits only a record it was given: without one, anything but a post is posted as it is.
    if (decision.send === "plain" || current === undefined) {
      jobs.shift();
      // Not a transition of a tracked problem: no onIncident.
      first.resolve(await plain(first, first.d.embeds));
      return true;
    }
    // A run of edits: fold each waiting job that would also edit, then send the latest state once.
    let next = decision.next;
    let announce = decision.announce;
    let taken = 1;
    for (let i = 1; i < jobs.length; i++) {
      const job = jobs[i];
      if (job === undefined || job.remind) break;
      const folded = decideIncident({ ...current, ...next }, job.signal, job.at, activePolicy);
      if (folded.send !== "edit") break;
      next = folded.next;
      announce ||= folded.announce;
      taken += 1;
    }
    const run = jobs.slice(0, taken);
    const last = run[run.length - 1] ?? first;
    const look = withLook(last.d.embeds, next, last.at);
    const shown = look[0] === undefined ? current.mark : embedMark(look[0]);
    const editor = edit;
    const answer =
      editor === undefined
        ? undefined
        : await editor(last.d.record, current.messageId, { embeds: look, threadId: current.threadId, mark: current.mark, packed: current.packed, shows: shown });
    if (answer === undefined || (!answer.ok && answer.gone)) {
      // The message cannot be edited (deleted, Discord's cap on old messages, or no editor): a new message, tracked.
      const report = await tracked(last, withLook(last.d.embeds, next, last.at), "reposted", next, problem, last.d.embeds[0]);
      if (report === undefined) return false;
      jobs.splice(0, taken);
      return finish(run, report, next);
    }
    if (!answer.ok) return finish(jobs.splice(0, taken), { webhook: hookOf(first), status: "failed", messageIds: [current.messageId], attempts: 1, error: answer.error });
    const source = last.d.embeds[0] ?? current.embed;
    // One shape for every record: the optional keys are added, not spread in (spreads of varying shapes are slow).
    const record: IncidentRecord = { ...next, version: current.version + 1, messageId: current.messageId, postedAt: current.postedAt, packed: answer.packed };
    const due = remindAt(next.status, current.postedAt, remindEveryMs).remindAt;
    if (due !== undefined) record.remindAt = due;
    if (source !== undefined) record.embed = source;
    if (current.threadId !== undefined) record.threadId = current.threadId;
    if (shown !== undefined) record.mark = shown;
    // The edit is in Discord already: a failing state leaves the record behind it, nothing is sent twice.
    if (!(await state.put(last.d.record.id, first.signal.key, record, current.version, activePolicy.ttlMs).catch(() => true))) return false;
    jobs.splice(0, taken);
    const report: IncidentReport = { webhook: hookOf(first), status: "delivered", action: "edited", messageIds: [current.messageId], attempts: 1 };
    if (announce) {
      const notice = await last.d.post([resolvedNotice(last.d.embeds[0] ?? {}, next)], urgency(last.signal));
      report.messageIds.push(...notice.messageIds);
    }
    return finish(run, report, next);
  };

  const finish = (run: Job[], report: IncidentReport, next?: NextRecord): true => {
    run.forEach((job, i) => {
      const own = i === run.length - 1 || report.status === "failed" ? report : { ...report, status: "skipped" as const, action: "suppressed" as const, attempts: 0 };
      job.resolve(notify(job, own, next));
    });
    return true;
  };

  /** Works the jobs of one problem of one webhook in arrival order, then frees the slot. */
  const drain = async (slot: string, jobs: Job[], activePolicy: IncidentPolicy): Promise<void> => {
    let conflicts = 0;
    for (let first = jobs[0]; first !== undefined; first = jobs[0]) {
      let done = false;
      try {
        done = await step(jobs, first, await readProblem(state, first.d.record.id, first.signal.key), activePolicy);
      } catch {
        // The state failed (Redis down): handled below as a write that never succeeds.
        conflicts = CAS_ATTEMPTS;
      }
      if (done) conflicts = 0;
      else if (++conflicts >= CAS_ATTEMPTS) {
        // Other processes keep winning, or the state is down: the event is still posted, untracked.
        conflicts = 0;
        if (jobs[0] === first) jobs.shift();
        // A reminder that cannot be tracked is not sent: the next look tries again.
        first.resolve(first.remind ? undefined : notify(first, await plain(first, first.d.embeds)));
      }
    }
    slots.delete(slot);
  };

  return {
    // `.then`, not an `async` frame: a burst holds thousands of these at once.
    deliver(d, silences) {
      try {
        // The clock is read only when it is needed: most events meet no silence and no incident policy.
        if (silences.length > 0 && silences.some((s) => silenceMatches(s, d.target, now()))) return Promise.resolve(notify(d, { webhook: hookOf({ d }), status: "skipped", action: "silenced", messageIds: [], attempts: 0 }));
        if (policy === undefined || d.signal === undefined) return d.post(d.embeds, d.signal ? urgency(d.signal) : ROUTINE).then(posted);
      } catch (error) {
        return Promise.reject(error);
      }
      const signal = d.signal;
      const at = now();
      return new Promise<IncidentReport>((resolve) => {
        const settle = (report: IncidentReport | undefined): void => {
          resolve(report ?? { webhook: hookOf({ d }), status: "skipped", action: "suppressed", messageIds: [], attempts: 0 });
        };
        queue({ d, signal, at, resolve: settle }, policy);
      });
    },
    async remind(record, key, post, threadId) {
      if (policy === undefined) return undefined;
      const d: DeskDelivery = { record, target: { key, type: record.type, userId: record.userId, webhookId: record.id }, signal: undefined, embeds: [], threadId, post };
      // A reminder counts no occurrence and is routine (an update's urgency): it waits behind alerts in the lane.
      const signal: IncidentSignal = { key, status: "update", severity: 0, label: "" };
      return new Promise<IncidentReport | undefined>((resolve) => {
        queue({ d, signal, at: now(), resolve, remind: true }, policy);
      });
    },
  };

  /** Puts `job` behind the jobs of its problem for its webhook, starting them when none are being worked. */
  function queue(job: Job, activePolicy: IncidentPolicy): void {
    // The id's length first, so no id and key run into another pair's.
    const slot = `${String(job.d.record.id.length)}:${job.d.record.id}${job.signal.key}`;
    const waiting = slots.get(slot);
    if (waiting) {
      waiting.push(job);
      return;
    }
    const jobs = [job];
    slots.set(slot, jobs);
    void drain(slot, jobs, activePolicy);
  }
}

interface Job {
  d: DeskDelivery;
  signal: IncidentSignal;
  /** When the event arrived (epoch ms). */
  at: number;
  /** `undefined`: a reminder that was not due. */
  resolve: (report: IncidentReport | undefined) => void;
  /** A reminder (no event): posts the kept embed again when due. */
  remind?: true;
}

/** How a problem's post goes: what fires or resolves a problem is urgent; an update is routine. */
const urgency = (signal: IncidentSignal): { solo: false; urgent: boolean; problem: string } => ({ solo: false, urgent: signal.status !== "update", problem: signal.key });
/** How an event that is no problem's goes (the poster only reads it). */
const ROUTINE = { solo: false, urgent: false } as const;

/** A plain post's report: `posted` unless it failed. */
const posted = (report: DeliveryReport): IncidentReport => (report.status === "failed" ? report : { ...report, action: "posted" });

const hookOf = (job: Pick<Job, "d">): { id: string; name: string } => ({ id: job.d.record.id, name: job.d.record.name });

/** The first embed in the incident look; the call's other embeds as given. */
function withLook(embeds: readonly DiscordEmbed[], next: NextRecord, at: number): DiscordEmbed[] {
  const [first, ...rest] = embeds;
  return first === undefined ? [] : [incidentEmbed(first, next, at), ...rest];
}
