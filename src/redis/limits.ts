/**
 * Discord's budgets held in Redis, shared by every process of a prefix: per webhook (keyed by bucket hash and
 * Discord webhook id, learned from headers), per channel (the hidden limit, learned once for all), per egress IP,
 * blocks set by 429s by their scope, and the count of invalid answers (401/403/429) that leads to an IP ban.
 * Checking and taking a slot is one script, so two processes never take the same slot.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { ACQUIRE, BLOCK, SETTLE } from "./limits-lua.js";
import { runScript } from "./script.js";

/** Budget settings (Discord times; scaled in tests). */
export interface SharedLimitSettings {
  /** Requests per `globalWindowMs` per egress; 0 = none. */
  globalLimit: number;
  globalWindowMs: number;
  /** Messages per `channelWindowMs` per channel; 0 = learn it from the first shared 429. */
  channelLimit: number;
  channelWindowMs: number;
  marginMs: number;
  /** Longest a request can be in flight (its timeout): a crashed sender's slot is freed after this. */
  inflightMs: number;
}

/** Who is asking: the lane (store id) and the Discord webhook it sends to. */
export interface LimitLane {
  laneId: string;
  webhookId: string;
}

/** A slot taken by {@link SharedLimits.acquire}. */
export interface SharedReservation {
  id: string;
  hash: string;
  seq: number;
  channelId: string;
}

/** What the limiter learns from an answer. */
export interface SharedAnswer {
  status?: number | undefined;
  headers: Readonly<Record<string, string>>;
  channelId?: string | undefined;
  /** 401, 403, or a 429 not of scope `shared` (those count toward Discord's ban). */
  invalid: boolean;
}

/** The shared limiter. */
export interface SharedLimits {
  /** Takes a slot in every budget, or says how long to wait first. */
  acquire(lane: LimitLane): Promise<{ waitMs: number } | { reservation: SharedReservation }>;
  /** Learns from the answer; gives the invalid answers of this egress in the last 10 minutes. */
  settle(lane: LimitLane, reservation: SharedReservation, answer: SharedAnswer): Promise<number>;
  /** A 429: blocks the lane, its channel (`shared`), or the whole egress (`global`) for everybody. */
  block(lane: LimitLane, scope: "user" | "shared" | "global", retryAfterMs: number): Promise<void>;
}

/** Shared limits under `<prefix>:rl` for egress `egress`. */
export function sharedLimits(client: Redis, prefix: string, egress: string, settings: SharedLimitSettings): SharedLimits {
  const P = prefix;
  return {
    async acquire(lane) {
      const id = randomUUID();
      const args = [P, lane.laneId, lane.webhookId, egress, settings.globalLimit, settings.globalWindowMs, settings.channelLimit, settings.channelWindowMs, settings.marginMs, settings.inflightMs, id];
      const out = (await runScript(client, ACQUIRE, [], args)) as unknown[];
      const wait = Number(out[0]);
      if (wait > 0) return { waitMs: wait };
      return { reservation: { id, hash: String(out[1]), seq: Number(out[2]), channelId: String(out[3]) } };
    },
    async settle(lane, res, answer) {
      const h = answer.headers;
      const resetAfter = h["x-ratelimit-reset-after"];
      const args = [
        P, lane.laneId, lane.webhookId, egress, res.id, res.hash, res.seq, res.channelId, answer.status ?? 0, answer.channelId ?? "",
        h["x-ratelimit-bucket"] ?? "", numeric(h["x-ratelimit-remaining"]), numeric(h["x-ratelimit-limit"]),
        resetAfter === undefined || numeric(resetAfter) === "" ? "" : Math.ceil(Number(resetAfter) * 1000), answer.invalid ? 1 : 0,
      ];
      return Number(await runScript(client, SETTLE, [], args));
    },
    async block(lane, scope, retryAfterMs) {
      await runScript(client, BLOCK, [], [P, lane.laneId, lane.webhookId, egress, scope, Math.ceil(retryAfterMs), settings.marginMs]);
    },
  };
}

function numeric(value: string | undefined): string {
  if (value === undefined) return "";
  return Number.isFinite(Number(value)) ? value : "";
}
