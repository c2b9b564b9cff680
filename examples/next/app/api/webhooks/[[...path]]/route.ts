import { connection } from "next/server";
import { services } from "../../../../lib/server";

// The package's Fetch-API handler is a route handler as it is: one function for every method and sub-path
// (GET/POST /api/webhooks, GET/PATCH/DELETE /api/webhooks/:id, POST /api/webhooks/:id/test).
async function handler(request: Request): Promise<Response> {
  // Every answer depends on the request and the database: `connection()` tells Next.js to run it per request, never
  // to prerender the GET at build time. (Under `cacheComponents` the segment configs `dynamic` and `runtime` are
  // refused; route handlers run on Node.js by default.)
  await connection();
  const { routes } = await services();
  return routes(request);
}

export { handler as GET, handler as POST, handler as PATCH, handler as DELETE, handler as PUT };
