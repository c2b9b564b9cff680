import { after } from "next/server";
import { services } from "../../../../lib/server";
import { EVENTS } from "../../../../lib/events";

/**
 * POST /api/events/server-crash | ticket-opened | invoice-paid  (a simulation of platform events)
 * Answers 202 at once; `after()` sends to Discord once the response is out, and keeps serverless functions alive
 * until it is done.
 */
export async function POST(request: Request, ctx: { params: Promise<{ kind: string }> }): Promise<Response> {
  const { kind } = await ctx.params;
  const send = EVENTS[kind];
  if (!send) return Response.json({ error: { code: "NOT_FOUND", message: `Unknown event; try ${Object.keys(EVENTS).join(", ")}.` } }, { status: 404 });
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await request.json();
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // No body or not JSON: the event uses its sample values.
  }
  const { dispatcher } = await services();
  after(async () => {
    const result = await send(dispatcher, body).catch((error: unknown) => {
      console.error("[example] event failed:", error instanceof Error ? error.message : "unknown error");
      return null;
    });
    if (result) console.log(`[example] ${kind}: sent ${result.sent}, failed ${result.failed}`);
  });
  return Response.json({ accepted: true, event: kind }, { status: 202 });
}
