import { durableDispatcher } from "./services";

/**
 * A producer route handler for serverless deploys: POST /api/queued-events/server-crash answers 202 once the event
 * is durably queued in Redis (`wait: false`); the worker process sends it. Mount it with a route file such as
 * `app/api/queued-events/[kind]/route.ts` containing `export { POST } from "../../../../durable/producer-route";`
 * (after `npm i bullmq ioredis`; see ./README.md).
 */
const globalCache = globalThis as typeof globalThis & { __discordProducer?: ReturnType<typeof durableDispatcher> };

export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => ({}))) as { serverName?: unknown; userId?: unknown };
  const producer = (globalCache.__discordProducer ??= durableDispatcher("producer"));
  try {
    const result = await producer.serverStateChange(
      { serverName: typeof body.serverName === "string" ? body.serverName : "Survival #1", state: "crashed", previousState: "online" },
      { userId: typeof body.userId === "string" ? body.userId : null, wait: false },
    );
    const queued = result.deliveries.filter((d) => d.status === "queued").length;
    return Response.json({ queued, refused: result.failed }, { status: 202 });
  } catch (error) {
    // Redis unreachable (StoreError): nothing was queued; tell the caller to retry instead of losing the event.
    console.error("[example] could not queue:", error instanceof Error ? error.message : "unknown error");
    return Response.json({ error: { code: "UNAVAILABLE", message: "Could not queue the event; retry later." } }, { status: 503 });
  }
}
