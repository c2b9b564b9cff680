import type { Actor } from "discord-webhook-dispatcher";

/**
 * DEMO ONLY: trusts `x-user-id` and `x-admin: 1` request headers, so anyone can claim to be anyone.
 * Replace it with your real session (cookie, JWT...) before this goes anywhere near production.
 */
export function demoAuthorize(request: Request): Actor | null {
  const userId = request.headers.get("x-user-id")?.trim() || null;
  const isAdmin = request.headers.get("x-admin") === "1";
  if (!userId && !isAdmin) return null;
  return { userId, isAdmin };
}
