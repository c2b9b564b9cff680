import type { Actor } from "../../src/webhooks/types.js";

/** Made-up webhook ids and tokens: never real ones. */
export const TOKEN_A = "tA".repeat(34);
export const TOKEN_B = "tB".repeat(34);

export function webhookUrl(id = "123456789012345678", token = TOKEN_A): string {
  return `https://discord.com/api/webhooks/${id}/${token}`;
}

export const alice: Actor = { userId: "user-alice", isAdmin: false };
export const bob: Actor = { userId: "user-bob", isAdmin: false };
export const admin: Actor = { userId: "user-admin", isAdmin: true };
export const staffWithoutUser: Actor = { userId: null, isAdmin: true };
export const nobody: Actor = { userId: null, isAdmin: false };

/** Every token in `tokens` is absent from `text`. */
export function containsNoToken(text: string, tokens: readonly string[]): boolean {
  return tokens.every((t) => !text.includes(t));
}
