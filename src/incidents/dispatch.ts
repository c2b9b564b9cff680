/**
 * The incident side of a dispatcher, built from its options: the state (the queue's shared one, else in process),
 * the desk every routed delivery passes, and the `silence` / `unsilence` / `listSilences` methods.
 */
import * as z from "zod";
import type { DeliveryState } from "../delivery/state.js";
import { parseOrThrow } from "../discord/validate.js";
import type { MessageChange, MessageChangeAnswer } from "../delivery/message-change.js";
import type { WebhookRecord } from "../types.js";
import type { IncidentEvent } from "./desk-types.js";
import { createIncidentDesk } from "./desk.js";
import type { Poster } from "./desk-types.js";
import { packedEditor } from "./packed.js";
import { startReminders } from "./reminders.js";
import { memoryIncidentState } from "./memory.js";
import { makeSilence, parseSilenceInput } from "./silences.js";
import { INCIDENT_DEFAULTS, type IncidentOptions, type Silence, type SilenceInput } from "./types.js";

const silenceIdSchema = z.string().min(1).max(200);

/** What {@link createIncidentSide} reads of the dispatcher's options. */
interface IncidentSideOptions {
  queue?: DeliveryState | undefined;
  incidents?: IncidentOptions | undefined;
  hooks?: { onIncident?(event: IncidentEvent): void } | undefined;
}

/**
 * Builds the incident side; `now` gives epoch milliseconds (the dispatcher's clock); `change` reads and edits a
 * message through the engine's budgets (tracked messages are edited through `packedEditor` over it).
 */
export function createIncidentSide(options: IncidentSideOptions, now: () => number, change: (record: WebhookRecord, change: MessageChange) => Promise<MessageChangeAnswer>) {
  const state = options.queue?.incidents ?? memoryIncidentState({ now });
  const { edit, posted } = packedEditor(state, change, now);
  const onIncident = options.hooks?.onIncident?.bind(options.hooks);
  const policy = options.incidents && { ...INCIDENT_DEFAULTS, ...options.incidents };
  const desk = createIncidentDesk({
    state,
    policy,
    edit,
    now,
    ...(onIncident && { onIncident }),
  });
  return {
    desk,
    /** For the engine's `onPosted` (with incidents on): the editor keeps what a post put in its message. */
    onPosted: policy && posted,
    /**
     * Starts the reminders of problems left open (a worker's job; none without `incidents`): `open` gives the
     * webhook to remind through. Returns `stop`.
     */
    remindOpenProblems: (open: (webhookId: string, threadId: string | undefined) => Promise<{ record: WebhookRecord; post: Poster } | undefined>, onError: (error: unknown) => void): { stop(): Promise<void> } | undefined =>
      policy && startReminders({ state, policy, desk, now, open, onError }),
    /** The silences still on (one read per routed event). */
    silences: (): Promise<Silence[]> => state.silences(),
    methods: {
      async silence(input: SilenceInput): Promise<Silence> {
        const silence = makeSilence(parseSilenceInput(input), crypto.randomUUID(), now());
        await state.addSilence(silence);
        return silence;
      },
      async unsilence(id: string): Promise<boolean> {
        return state.removeSilence(parseOrThrow(silenceIdSchema, id, "silence id"));
      },
      listSilences: (): Promise<Silence[]> => state.silences(),
    },
  };
}
