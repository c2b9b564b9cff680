import type { Actor } from "discord-webhook-dispatcher";

/** The demo sign-in cookie: `demo_user=<id>`, or `demo_user=admin` for staff (set by /demo-login?user=...). */
export const DEMO_COOKIE = "demo_user";

/**
 * DEMO ONLY: trusts the `x-user-id` and `x-admin: 1` request headers, or the `demo_user` cookie, so anyone can claim
 * to be anyone. Replace it with your real session (Auth.js, Clerk, your own cookie, a JWT...) before deploying.
 */
export function demoAuthorize(request: Request): Actor | null {
  const cookie = /(?:^|;\s*)demo_user=([\w-]{1,64})(?:;|$)/.exec(request.headers.get("cookie") ?? "")?.[1];
  if (cookie) return cookie === "admin" ? { userId: "staff", isAdmin: true } : { userId: cookie, isAdmin: false };
  const userId = request.headers.get("x-user-id")?.trim() || null;
  const isAdmin = request.headers.get("x-admin") === "1";
  if (!userId && !isAdmin) return null;
  return { userId, isAdmin };
}

/** The answer of /demo-login?user=carol (or user=admin): sets the demo cookie and opens the panel. */
export function demoLogin(request: Request, panelPath: string): Response {
  const user = new URL(request.url).searchParams.get("user") ?? "";
  if (!/^[\w-]{1,64}$/.test(user)) return new Response("?user= must be 1-64 letters, digits, _ or -", { status: 400 });
  return new Response(null, {
    status: 303,
    headers: { location: panelPath, "set-cookie": `${DEMO_COOKIE}=${user}; Path=/; HttpOnly; SameSite=Lax` },
  });
}
