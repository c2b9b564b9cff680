import { demoLogin } from "../../lib/demo-auth";

// DEMO ONLY: /demo-login?user=alice (or user=admin) sets the demo cookie and opens the drop-in panel.
export function GET(request: Request): Response {
  return demoLogin(request, "/api/webhooks/");
}
