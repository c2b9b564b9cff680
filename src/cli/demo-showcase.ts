/**
 * The demo's second half: what the inbox is for. An embed that uses Discord's markdown and every embed part,
 * user text full of markdown characters (shown literally, because the builders escape it), a 5xx that the
 * dispatcher retries, and a body Discord refuses (sent raw, since the dispatcher never sends one).
 */
import type { DispatchResult, Dispatcher } from "../index.js";
import type { DiscordFake } from "../testing/index.js";

/** A custom embed with every part the inbox draws, and caller-written markdown. */
export const SHOWCASE_EMBED = {
  title: "Markdown, as Discord shows it",
  url: "https://example.com/status",
  color: 0x5865f2,
  author: { name: "Acme Ops", url: "https://example.com/ops", iconUrl: "https://example.com/ops.png" },
  description: [
    "**bold**, *italic*, __underline__, ~~strike~~, `inline code` and a [masked link](https://example.com/docs).",
    "> a block quote",
    "\\*escaped\\* characters stay as they are",
    "```",
    "$ systemctl restart game@mc-1",
    "```",
  ].join("\n"),
  fields: [
    { name: "Region", value: "eu-west", inline: true },
    { name: "Players", value: "**42**", inline: true },
    { name: "Uptime", value: "99.9 %", inline: true },
    { name: "Notes", value: "A field that is not inline takes the whole row." },
  ],
  thumbnailUrl: "https://example.com/thumbnail.png",
  imageUrl: "https://example.com/graph.png",
};

/** User text with markdown characters: the builders escape it, so Discord (and the inbox) show it literally. */
export const HOSTILE_SERVER_NAME = "mc_*prod*_1 **not bold** <b>";

/** Sends the showcase; returns whether every delivery succeeded. */
export async function runShowcase(dispatcher: Dispatcher, fake: DiscordFake, print: (line: string) => void, line: (r: DispatchResult) => string): Promise<boolean> {
  print("\nWhat the inbox is for:");
  const md = await dispatcher.custom(SHOWCASE_EMBED, { scopes: [] });
  print(`  ${"custom (markdown)".padEnd(26)} ${line(md)}`);
  const literal = await dispatcher.serverStateChange({ serverName: HOSTILE_SERVER_NAME, state: "online" }, { scopes: [] });
  print(`  ${"user text with markdown".padEnd(26)} ${line(literal)}`);
  const billing = fake.webhooks().find((w) => w.name === "billing-admin");
  let retried = true;
  if (billing) {
    fake.inject(billing.id, { status: 503, body: { message: "Service Unavailable", code: 0 } }, { times: 1 });
    const r = await dispatcher.billingEvent({ event: "refund", amount: 5, currency: "eur", customer: "carol@example.com" }, { scopes: [] });
    retried = r.success;
    print(`  ${"a 503, then a retry".padEnd(26)} ${line(r)}`);
  }
  const refused = await rawInvalidPost(fake);
  print(`  ${"a body Discord refuses".padEnd(26)} ${refused} (sent raw: the dispatcher validates first)`);
  const statuses = await naiveBurst(fake);
  print(`  ${"a client ignoring limits".padEnd(26)} ${statuses} (6 plain POSTs at once: the bucket allows 5 per 2 s)`);
  return md.success && literal.success && retried;
}

async function rawPost(fake: DiscordFake, webhookName: string, body: unknown): Promise<number> {
  const hook = fake.webhooks().find((w) => w.name === webhookName);
  if (!hook) return 0;
  const res = await fetch(`${fake.apiBaseUrl}/webhooks/${hook.id}/${hook.token}?wait=true`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

async function rawInvalidPost(fake: DiscordFake): Promise<string> {
  return `HTTP ${String(await rawPost(fake, "custom-admin", { embeds: [{ title: "x".repeat(300), color: 0xed4245 }] }))}`;
}

/** What a client without rate limiting gets: the sixth request in a 2 s window is answered 429. */
async function naiveBurst(fake: DiscordFake): Promise<string> {
  const statuses: number[] = [];
  for (let i = 1; i <= 6; i++) statuses.push(await rawPost(fake, "support-public", { content: `Plain POST ${String(i)} of 6` }));
  return statuses.join(" ");
}
