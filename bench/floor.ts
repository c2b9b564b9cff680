/**
 * The fastest any client could go under Discord's limits as the fake enforces them (its defaults, which are the
 * observed Discord numbers): with embeds packed 10 per message, each limit (per-webhook bucket, hidden per-channel
 * limit, per-IP global limit) makes the (k+1)-th batch of `limit` requests wait one more window.
 */
import { packEmbeds, type DiscordEmbed } from "../src/index.js";

/** A fixed-window limit in Discord time. */
export interface Limit {
  limit: number;
  windowMs: number;
}

/** Discord's observed limits (the fake's defaults). */
export const DISCORD = {
  webhook: { limit: 5, windowMs: 2000 },
  channel: { limit: 30, windowMs: 60_000 },
  global: { limit: 50, windowMs: 1000 },
} as const satisfies Record<string, Limit>;

function windows(requests: number, l: Limit): number {
  return (Math.ceil(requests / l.limit) - 1) * l.windowMs;
}

/** Floor in Discord-time ms for sending `embeds` to each of `webhooks` webhooks (one per channel). */
export function floorMs(embeds: readonly DiscordEmbed[], webhooks: number): { messages: number; ms: number } {
  const perWebhook = packEmbeds(embeds).length;
  const ms = Math.max(windows(perWebhook, DISCORD.webhook), windows(perWebhook, DISCORD.channel), windows(perWebhook * webhooks, DISCORD.global));
  return { messages: perWebhook * webhooks, ms: Math.max(0, ms) };
}

/**
 * Floor in Discord-time ms for `rounds` fan-outs of one embed to `webhooks` webhooks, each round after the previous
 * one: every request counts against the per-IP window, so the rounds chain through it.
 */
export function floorRoundsMs(webhooks: number, rounds: number): { messages: number; ms: number } {
  const requests = webhooks * rounds;
  const ms = Math.max(windows(requests, DISCORD.global), windows(rounds, DISCORD.webhook), windows(rounds, DISCORD.channel));
  return { messages: requests, ms: Math.max(0, ms) };
}
