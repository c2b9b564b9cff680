import { services } from "../../../../lib/server";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The package's Fetch-API handler is a route handler as it is: one function for every method and sub-path
// (GET/POST /api/webhooks, GET/PATCH/DELETE /api/webhooks/:id, POST /api/webhooks/:id/test).
async function handler(request: Request): Promise<Response> {
  const { routes } = await services();
  return routes(request);
}

export { handler as GET, handler as POST, handler as PATCH, handler as DELETE, handler as PUT };
