import { inspect } from "node:util";
import { expect } from "vitest";
import { ValidationError, WebhookUrlError } from "../../src/errors.js";
import { DISCORD_API_BASE, parseWebhookUrl } from "../../src/discord/index.js";

// Made-up credentials: a snowflake-shaped id and a 68-character token of Discord's alphabet.
export const ID = "123456789012345678";
export const THREAD = "987654321098765432";
export const TOKEN = "aB3_dE5-".repeat(8) + "zY9x";
export const CANONICAL = `${DISCORD_API_BASE}/webhooks/${ID}/${TOKEN}`;
export const PATH = `/api/webhooks/${ID}/${TOKEN}`;

/** Asserts a typed URL error that no way of showing it (message, String, JSON, inspect, stack) reveals `secret`. */
export function expectNoSecret(error: unknown, secret: string): void {
  expect(error).toBeInstanceOf(WebhookUrlError);
  expect(error).toBeInstanceOf(ValidationError);
  const e = error as WebhookUrlError;
  expect(e.code).toBe("INVALID_WEBHOOK_URL");
  expect(e.message.startsWith("[discord-webhook-dispatcher]")).toBe(true);
  for (const shown of [e.message, String(e), JSON.stringify(e), inspect(e), e.stack ?? "", JSON.stringify(e.issues)]) {
    expect(shown).not.toContain(secret);
  }
}

/** The error `parseWebhookUrl` throws for `input`; fails the test when it is accepted. */
export function rejectionOf(input: unknown): unknown {
  try {
    parseWebhookUrl(input as string);
  } catch (error) {
    return error;
  }
  throw new Error(`accepted: ${String(input).replace(TOKEN, "<token>")}`);
}
