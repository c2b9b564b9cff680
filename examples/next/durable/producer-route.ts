import { durableDispatcher } from "./services";

/**
 * The producer route (mounted as `app/api/queued-events/route.ts`): POST /api/queued-events answers 202 once a
 * server-crash event is durably queued in Redis (`wait: false`); a worker process (./worker.ts) sends it. This is
 * the shape for serverless deploys, where a function must not wait for Discord's rate limits.
 */
const globalCache = globalThis as typeof globalThis & { __discordProducer?: Promise<Awaited<ReturnType<typeof durableDispatcher>>> };

export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as { serverName?: unknown; userId?: unknown };
  try {
    const producer = await (globalCache.__discordProducer ??= durableDispatcher("producer"));
    const result = await producer.serverStateChange(
      { serverName: typeof body.serverName === "string" ? body.serverName : "Survival #1", state: "crashed", previousState: "online" },
      { userId: typeof body.userId === "string" ? body.userId : null, wait: false },
    );
    const queued = result.deliveries.filter((d) => d.status === "queued").length;
    return Response.json({ matched: result.matched, queued, refused: result.failed }, { status: 202 });
  } catch (error) {
    // No REDIS_URL, or Redis unreachable (StoreError): nothing was queued; the caller retries instead of losing it.
    globalCache.__discordProducer = undefined;
    console.error("[example] could not queue:", error instanceof Error ? error.message : "unknown error");
    return Response.json({ error: { code: "UNAVAILABLE", message: "Could not queue the event; retry later." } }, { status: 503 });
  }
}
