/**
 * Delivery outcomes in Redis: one hash per delivery (opened by the push that queued it), settled by whichever
 * process sends it, kept for `ttlMs` after settling, and announced on the pub/sub channel of the process that
 * queued it, so the caller awaiting the result resolves wherever the message went out.
 */
import type { Redis } from "ioredis";
import type { DeliveryReport } from "../delivery/types.js";
import type { DispatcherError } from "../errors.js";
import { errorFromJson, errorToJson, type ErrorJson } from "./codec.js";
import type { Keys } from "./keys.js";
import { lua, runScript } from "./script.js";

/**
 * ARGV: settled embeds, attempts to add, last status (0 = none), message ids (JSON), error (JSON or ''), ttlMs.
 * Returns the report JSON once the last embed settled, else ''.
 */
const SETTLE = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return '' end
if redis.call('HGET', KEYS[1], 'done') == '1' then return '' end
local open = redis.call('HINCRBY', KEYS[1], 'open', -tonumber(ARGV[1]))
if tonumber(ARGV[2]) > 0 then redis.call('HINCRBY', KEYS[1], 'attempts', tonumber(ARGV[2])) end
if ARGV[3] ~= '0' then redis.call('HSET', KEYS[1], 'lastStatus', ARGV[3]) end
local ids = cjson.decode(redis.call('HGET', KEYS[1], 'messageIds') or '[]')
for _, id in ipairs(cjson.decode(ARGV[4])) do
  local seen = false
  for _, have in ipairs(ids) do if have == id then seen = true end end
  if not seen then ids[#ids + 1] = id end
end
redis.call('HSET', KEYS[1], 'messageIds', cjson.encode(ids))
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'status', 'failed', 'error', ARGV[5]) end
if open > 0 then return '' end
redis.call('HSET', KEYS[1], 'done', '1')
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
local h = redis.call('HMGET', KEYS[1], 'origin', 'webhookId', 'webhookName', 'status', 'messageIds', 'attempts', 'lastStatus', 'error')
local report = cjson.encode({ id = ARGV[7], webhookId = h[2], webhookName = h[3], status = h[4], messageIds = h[5], attempts = h[6], lastStatus = h[7] or '', error = h[8] or '' })
redis.call('PUBLISH', KEYS[2] .. h[1], report)
return report
`);

/** One settlement of some of a delivery's embeds. */
export interface SettleUpdate {
  /** Embeds of the delivery this settles. */
  settled: number;
  /** Requests that carried the delivery since the last update. */
  attempts: number;
  lastStatus?: number | undefined;
  messageIds?: readonly string[];
  error?: DispatcherError | undefined;
}

/** The outcome book. */
export interface RedisOutcomes {
  /** The fields of a new delivery's record (written by the push that queues its embeds). */
  record(deliveryId: string, webhook: { id: string; name: string }, embeds: number): { key: string; ttlMs: number; fields: Record<string, string | number> };
  /** Applies an update; gives the final report when this settled the delivery. */
  settle(deliveryId: string, update: SettleUpdate): Promise<DeliveryReport | undefined>;
  /** Resolves with the delivery's report once it settled, in any process. */
  wait(deliveryId: string): Promise<DeliveryReport>;
  /** Deliveries this process awaits. */
  readonly waiting: number;
  close(): Promise<void>;
}

interface ReportJson {
  id: string;
  webhookId: string;
  webhookName: string;
  status: string;
  messageIds: string;
  attempts: string;
  lastStatus: string;
  error: string;
}

/** The book of `origin` (this process). `subscriber` is a dedicated connection. */
export function redisOutcomes(client: Redis, subscriber: Redis, keys: Keys, origin: string, ttlMs: number): RedisOutcomes {
  const waiters = new Map<string, ((report: DeliveryReport) => void)[]>();
  const channel = keys.announce(origin);
  let subscribed: Promise<unknown> | undefined;
  subscriber.on("message", (ch: string, message: string) => {
    if (ch !== channel) return;
    const json = JSON.parse(message) as ReportJson;
    const list = waiters.get(json.id);
    if (!list) return;
    waiters.delete(json.id);
    const report = toReport(json);
    for (const resolve of list) resolve(report);
  });
  const subscribe = (): Promise<unknown> => (subscribed ??= subscriber.subscribe(channel));

  return {
    record(deliveryId, webhook, embeds) {
      const fields = { open: embeds, origin, webhookId: webhook.id, webhookName: webhook.name, status: "delivered", attempts: 0, messageIds: "[]" };
      // An open record outlives any wait a queued embed can see; settling shortens it to ttlMs.
      return { key: keys.delivery(deliveryId), ttlMs: Math.max(ttlMs, 86_400_000), fields };
    },
    async settle(deliveryId, u) {
      const args = [u.settled, u.attempts, u.lastStatus ?? 0, JSON.stringify(u.messageIds ?? []), u.error ? JSON.stringify(errorToJson(u.error)) : "", ttlMs, deliveryId];
      const out = String(await runScript(client, SETTLE, [keys.delivery(deliveryId), `${keys.prefix}:done:`], args));
      return out === "" ? undefined : toReport(JSON.parse(out) as ReportJson);
    },
    async wait(deliveryId) {
      await subscribe();
      const settled = new Promise<DeliveryReport>((resolve) => {
        waiters.set(deliveryId, [...(waiters.get(deliveryId) ?? []), resolve]);
      });
      // Settled before we listened: read it once.
      const h = await client.hgetall(keys.delivery(deliveryId));
      if (h.done === "1") {
        waiters.delete(deliveryId);
        return toReport({ id: deliveryId, webhookId: h.webhookId ?? "", webhookName: h.webhookName ?? "", status: h.status ?? "failed", messageIds: h.messageIds ?? "[]", attempts: h.attempts ?? "0", lastStatus: h.lastStatus ?? "", error: h.error ?? "" });
      }
      return settled;
    },
    get waiting() {
      return waiters.size;
    },
    async close() {
      if (subscribed) await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}

function toReport(json: ReportJson): DeliveryReport {
  const report: DeliveryReport = {
    webhook: { id: json.webhookId, name: json.webhookName },
    status: json.status === "failed" ? "failed" : "delivered",
    messageIds: arrayOf(JSON.parse(json.messageIds)),
    attempts: Number(json.attempts),
  };
  if (json.lastStatus !== "") report.lastStatus = Number(json.lastStatus);
  if (json.error !== "") report.error = errorFromJson(JSON.parse(json.error) as ErrorJson);
  return report;
}

/** Redis' cjson encodes an empty array as `{}`. */
function arrayOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
