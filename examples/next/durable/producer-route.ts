import { StoreError } from "discord-webhook-dispatcher";
import { durableDispatcher } from "./services";

/**
 * The producer route (mounted as `app/api/queued-events/route.ts`): POST /api/queued-events answers 202 once a
 * server-crash event is durably queued in Redis (`wait: false`); a worker process (./worker.ts) sends it. This is
 * the shape for serverless deploys, where a function must not wait for Discord's rate limits. A request that carries
 * an `Idempotency-Key` header (e.g. your event's id) is queued once however often it is retried.
 */
const globalCache = globalThis as typeof globalThis & { __discordProducer?: Promise<Awaited<ReturnType<typeof durableDispatcher>>> };

export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as { serverName?: unknown; userId?: unknown };
  const idempotencyKey = request.headers.get("idempotency-key")?.slice(0, 200) || undefined;
  try {
    const producer = await (globalCache.__discordProducer ??= durableDispatcher("producer"));
    const result = await producer.serverStateChange(
      { serverName: typeof body.serverName === "string" ? body.serverName : "Survival #1", state: "crashed", previousState: "online" },
      { userId: typeof body.userId === "string" ? body.userId : null, wait: false, idempotencyKey },
    );
    const queued = result.deliveries.filter((d) => d.status === "queued").length;
    return Response.json({ matched: result.matched, queued, refused: result.failed }, { status: 202 });
  } catch (error) {
    globalCache.__discordProducer = undefined;
    console.error("[example] could not queue:", error instanceof Error ? error.message : "unknown error");
    // Redis got the event but did not answer in time: it may be queued and sent. Only a retry with the same
    // Idempotency-Key is safe (it is queued once); without one, a retry may post twice.
    if (error instanceof StoreError && error.code === "ENQUEUE_UNCERTAIN") {
      const message = "The event may have been queued. Retry with the same Idempotency-Key header; without one, a retry may post it twice.";
      return Response.json({ error: { code: "ENQUEUE_UNCERTAIN", message } }, { status: 503 });
    }
    // No REDIS_URL, or Redis unreachable (StoreError code STORE): nothing was queued; the caller retries.
    return Response.json({ error: { code: "UNAVAILABLE", message: "Nothing was queued; retry later." } }, { status: 503 });
  }
}
