import { describe, expect, it } from "vitest";
import { WebhookUrlError } from "../../src/errors.js";
import { canonicalWebhookUrl, isWebhookUrl } from "../../src/discord/index.js";
import { expectNoSecret, ID, PATH, rejectionOf, THREAD, TOKEN } from "./url-fixtures.js";

describe("parseWebhookUrl: rejected forms", () => {
  const rejected: [label: string, input: string][] = [
    ["another host", `https://example.com${PATH}`],
    ["discord.com as a subdomain of another host", `https://discord.com.evil.example${PATH}`],
    ["a host ending in discord.com", `https://evildiscord.com${PATH}`],
    ["another discord.com subdomain", `https://cdn.discord.com${PATH}`],
    ["discord.gg", `https://discord.gg${PATH}`],
    ["trailing dot on the host", `https://discord.com.${PATH}`],
    ["look-alike host (Cyrillic i)", `https://d\u0456scord.com${PATH}`],
    ["userinfo pointing elsewhere", `https://discord.com@evil.example${PATH}`],
    ["userinfo before discord.com", `https://evil.example@discord.com${PATH}`],
    ["user and password", `https://user:pass@discord.com${PATH}`],
    ["backslash before @", `https://discord.com\\@evil.example${PATH}`],
    ["IPv4 literal over http (the issue's example)", "http://127.0.0.1/api/webhooks/1/x"],
    ["IPv4 literal over https", `https://127.0.0.1${PATH}`],
    ["decimal IPv4", `https://2130706433${PATH}`],
    ["localhost", `https://localhost${PATH}`],
    ["localhost with port", `https://localhost:3000${PATH}`],
    ["IPv6 literal", `https://[::1]${PATH}`],
    ["IPv4-mapped IPv6 literal", `https://[::ffff:7f00:1]${PATH}`],
    ["explicit default port", `https://discord.com:443${PATH}`],
    ["other port", `https://discord.com:8443${PATH}`],
    ["empty port", `https://discord.com:${PATH}`],
    ["http scheme", `http://discord.com${PATH}`],
    ["javascript: scheme", `javascript:alert(1)//discord.com${PATH}`],
    ["ftp scheme", `ftp://discord.com${PATH}`],
    ["protocol-relative", `//discord.com${PATH}`],
    ["no scheme", `discord.com${PATH}`],
    ["https: without slashes", `https:discord.com${PATH}`],
    ["encoded slash between id and token", `https://discord.com/api/webhooks/${ID}%2F${TOKEN}`],
    ["encoded slashes everywhere", `https://discord.com/api%2Fwebhooks%2F${ID}%2F${TOKEN}`],
    ["lower-case encoded slash", `https://discord.com/api/webhooks/${ID}%2f${TOKEN}`],
    ["encoded dot segment", `https://discord.com/api/webhooks/%2e%2e/webhooks/${ID}/${TOKEN}`],
    ["percent-encoded id", `https://discord.com/api/webhooks/%31${ID.slice(1)}/${TOKEN}`],
    ["dot-dot segment", `https://discord.com/api/webhooks/../webhooks/${ID}/${TOKEN}`],
    ["dot segment", `https://discord.com/api/./webhooks/${ID}/${TOKEN}`],
    ["trailing dot-dot", `https://discord.com${PATH}/..`],
    ["double slash at the start", `https://discord.com/${PATH}`],
    ["double slash in the middle", `https://discord.com/api/webhooks//${ID}/${TOKEN}`],
    ["double trailing slash", `https://discord.com${PATH}//`],
    ["backslashes as separators", `https://discord.com\\api\\webhooks\\${ID}\\${TOKEN}`],
    ["one backslash", `https://discord.com/api/webhooks/${ID}\\${TOKEN}`],
    ["extra segment after the token (Slack-compatible route)", `https://discord.com${PATH}/slack`],
    ["extra segment after the token (GitHub-compatible route)", `https://discord.com${PATH}/github`],
    ["message route", `https://discord.com${PATH}/messages/${THREAD}`],
    ["missing /api", `https://discord.com/webhooks/${ID}/${TOKEN}`],
    ["other API route", `https://discord.com/api/v10/channels/${ID}/${TOKEN}`],
    ["bad version", `https://discord.com/api/vX/webhooks/${ID}/${TOKEN}`],
    ["three-digit version", `https://discord.com/api/v100/webhooks/${ID}/${TOKEN}`],
    ["missing token", `https://discord.com/api/webhooks/${ID}`],
    ["missing token with slash", `https://discord.com/api/webhooks/${ID}/`],
    ["non-numeric id", `https://discord.com/api/webhooks/abcdefghijklmnopqr/${TOKEN}`],
    ["short id", `https://discord.com/api/webhooks/1234/${TOKEN}`],
    ["21-digit id", `https://discord.com/api/webhooks/123456789012345678901/${TOKEN}`],
    ["negative id", `https://discord.com/api/webhooks/-12345678901234567/${TOKEN}`],
    ["bad thread_id", `https://discord.com${PATH}?thread_id=general`],
    ["empty thread_id", `https://discord.com${PATH}?thread_id=`],
    ["short thread_id", `https://discord.com${PATH}?thread_id=42`],
    ["whitespace inside", `https://discord.com/api/web hooks/${ID}/${TOKEN}`],
    ["newline inside", `https://discord.com/api/webhooks/${ID}/\n${TOKEN}`],
    ["far too long", `https://discord.com${PATH}?wait=true&x=${"a".repeat(600)}`],
    ["empty string", ""],
    ["whitespace only", "   \n "],
  ];

  it.each(rejected)("%s", (_label, input) => {
    expectNoSecret(rejectionOf(input), TOKEN);
    expect(isWebhookUrl(input)).toBe(false);
  });

  const badTokens: [label: string, token: string][] = [
    ["too short", "shortTokenValue"],
    ["too long", "a".repeat(101)],
    ["with a dot", `${TOKEN.slice(0, 40)}.${TOKEN.slice(41)}`],
    ["with an exclamation mark", `${TOKEN.slice(0, 60)}!!!!!!!!`],
    ["with non-ASCII letters", `${TOKEN.slice(0, 60)}ééééééé`],
    ["with an emoji", `${TOKEN.slice(0, 60)}🔥🔥🔥🔥`],
    ["with an encoded space", `${TOKEN.slice(0, 30)}%20${TOKEN.slice(30)}`],
  ];

  it.each(badTokens)("malformed token %s, which the error never repeats", (_label, token) => {
    expectNoSecret(rejectionOf(`https://discord.com/api/webhooks/${ID}/${token}`), token);
  });

  it.each([42, null, undefined, {}, ["https://discord.com" + PATH]])("non-string input %j", (input) => {
    expectNoSecret(rejectionOf(input), TOKEN);
  });

  it("canonicalWebhookUrl throws the same typed error", () => {
    expect(() => canonicalWebhookUrl(`https://evil.example${PATH}`)).toThrow(WebhookUrlError);
  });

  it("names the problem so a user can fix the pasted URL", () => {
    const hostError = rejectionOf(`https://evil.example${PATH}`) as WebhookUrlError;
    expect(hostError.issues).toEqual([{ path: "webhookUrl", message: expect.stringContaining("host") as string }]);
    const tokenError = rejectionOf(`https://discord.com/api/webhooks/${ID}/short`) as WebhookUrlError;
    expect(tokenError.message).toContain("token is malformed");
  });
});
