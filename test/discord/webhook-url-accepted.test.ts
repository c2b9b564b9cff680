import { describe, expect, it } from "vitest";
import { canonicalWebhookUrl, isWebhookUrl, parseWebhookUrl } from "../../src/discord/index.js";
import { CANONICAL, ID, PATH, THREAD, TOKEN } from "./url-fixtures.js";

describe("parseWebhookUrl: accepted forms", () => {
  const accepted: [label: string, input: string, threadId?: string][] = [
    ["discord.com", `https://discord.com${PATH}`],
    ["discordapp.com (deprecated host)", `https://discordapp.com${PATH}`],
    ["canary.discord.com", `https://canary.discord.com${PATH}`],
    ["ptb.discord.com", `https://ptb.discord.com${PATH}`],
    ["canary.discordapp.com", `https://canary.discordapp.com${PATH}`],
    ["ptb.discordapp.com", `https://ptb.discordapp.com${PATH}`],
    ["mixed-case host", `https://Discord.COM${PATH}`],
    ["upper-case host and scheme", `HTTPS://CANARY.DISCORD.COM${PATH}`],
    ["versioned /api/v10", `https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`],
    ["versioned /api/v9", `https://discord.com/api/v9/webhooks/${ID}/${TOKEN}`],
    ["versioned /api/v6", `https://discordapp.com/api/v6/webhooks/${ID}/${TOKEN}`],
    ["surrounding spaces", `   https://discord.com${PATH}   `],
    ["surrounding tabs and newlines", `\n\thttps://discord.com${PATH}\r\n`],
    ["trailing slash", `https://discord.com${PATH}/`],
    ["?wait=true", `https://discord.com${PATH}?wait=true`],
    ["?thread_id=", `https://discord.com${PATH}?thread_id=${THREAD}`, THREAD],
    ["trailing slash and ?thread_id=", `https://discord.com${PATH}/?thread_id=${THREAD}`, THREAD],
    ["?wait=true&thread_id=", `https://ptb.discord.com/api/v10/webhooks/${ID}/${TOKEN}?wait=true&thread_id=${THREAD}`, THREAD],
    ["17-digit id", `https://discord.com/api/webhooks/12345678901234567/${TOKEN}`],
  ];

  it.each(accepted)("%s", (_label, input, threadId) => {
    const parsed = parseWebhookUrl(input);
    const id = input.includes("/12345678901234567/") ? "12345678901234567" : ID;
    expect(parsed.id).toBe(id);
    expect(parsed.token).toBe(TOKEN);
    expect(parsed.url).toBe(`https://discord.com/api/v10/webhooks/${id}/${TOKEN}`);
    expect(parsed.threadId).toBe(threadId);
    expect("threadId" in parsed).toBe(threadId !== undefined);
    expect(isWebhookUrl(input)).toBe(true);
  });

  it("canonicalises to the v10 discord.com URL and keeps only thread_id from the query", () => {
    expect(canonicalWebhookUrl(`https://discordapp.com${PATH}/?wait=true`)).toBe(CANONICAL);
    expect(canonicalWebhookUrl(` https://canary.discord.com${PATH}?wait=true&thread_id=${THREAD} `)).toBe(
      `${CANONICAL}?thread_id=${THREAD}`,
    );
  });

  it("is idempotent: the canonical form parses back to the same id, token and thread", () => {
    const stored = canonicalWebhookUrl(`HTTPS://PTB.DISCORDAPP.COM/api/v9/webhooks/${ID}/${TOKEN}/?thread_id=${THREAD}`);
    expect(canonicalWebhookUrl(stored)).toBe(stored);
    expect(parseWebhookUrl(stored)).toEqual({ id: ID, token: TOKEN, threadId: THREAD, url: CANONICAL });
  });
});
