import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskWebhookUrl, redact } from "../../src/discord/index.js";
import { tokensIn } from "../../src/discord/redact.js";

const ID = "123456789012345678";
const TOKEN = "aB3_dE5-".repeat(8) + "zY9x";
const OTHER_TOKEN = "Qw7-Er8_".repeat(8) + "Ui0o";
const URL_ = `https://discord.com/api/v10/webhooks/${ID}/${TOKEN}`;

describe("redact", () => {
  it("masks the token of a webhook URL inside text and keeps the rest", () => {
    expect(redact(`POST ${URL_} failed: 500`)).toBe(
      `POST https://discord.com/api/v10/webhooks/${ID}/*** failed: 500`,
    );
  });

  it("masks every URL form users paste", () => {
    for (const url of [
      `https://discordapp.com/api/webhooks/${ID}/${TOKEN}`,
      `https://canary.discord.com/api/v9/webhooks/${ID}/${TOKEN}/`,
      `HTTPS://DISCORD.COM/API/WEBHOOKS/${ID}/${TOKEN}`,
      `http://127.0.0.1:3000/api/webhooks/${ID}/${TOKEN}`,
    ]) {
      const out = redact(`url=${url}`);
      expect(out).not.toContain(TOKEN);
      expect(out).toContain(ID);
    }
  });

  it("keeps the query and fragment after the token", () => {
    expect(redact(`${URL_}?wait=true&thread_id=${ID}#x`)).toBe(
      `https://discord.com/api/v10/webhooks/${ID}/***?wait=true&thread_id=${ID}#x`,
    );
  });

  it("masks percent-encoded URLs (once and twice encoded)", () => {
    const once = encodeURIComponent(`${URL_}?wait=true`);
    expect(redact(`next=${once}`)).toBe(`next=${encodeURIComponent(`https://discord.com/api/v10/webhooks/${ID}/***?wait=true`)}`);
    expect(redact(encodeURIComponent(once))).not.toContain(TOKEN);
    expect(redact(once.toLowerCase())).not.toContain(TOKEN.toLowerCase());
  });

  it("masks URLs inside JSON, including JSON with escaped slashes", () => {
    const json = JSON.stringify({ url: URL_, nested: { href: `${URL_}/` } });
    const out = redact(json);
    expect(out).not.toContain(TOKEN);
    expect(JSON.parse(out)).toEqual({
      url: `https://discord.com/api/v10/webhooks/${ID}/***`,
      nested: { href: `https://discord.com/api/v10/webhooks/${ID}/***/` },
    });
    expect(redact(json.replaceAll("/", "\\/"))).not.toContain(TOKEN);
  });

  it("masks every URL when a text holds several", () => {
    const text = `${URL_}, https://discord.com/api/webhooks/${ID}/${OTHER_TOKEN}\n'${URL_}' <${URL_}>`;
    const out = redact(text);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(OTHER_TOKEN);
    expect(out.match(/\*\*\*/g)).toHaveLength(4);
  });

  it("masks known secrets wherever they appear, even outside a URL", () => {
    const out = redact(`token=${TOKEN} again ${TOKEN}; other ${OTHER_TOKEN}`, [TOKEN, OTHER_TOKEN]);
    expect(out).toBe("token=*** again ***; other ***");
  });

  it("ignores known secrets too short to be tokens, so ordinary words are not mangled", () => {
    expect(redact("the cat sat", ["cat", ""])).toBe("the cat sat");
  });

  it("leaves text without webhook URLs unchanged", () => {
    for (const text of ["", "plain text", "https://discord.com/channels/1/2", "webhooks/abc/def", `webhooks/${ID}/`]) {
      expect(redact(text)).toBe(text);
    }
  });

  it("is idempotent", () => {
    const once = redact(`${URL_} ${URL_}`);
    expect(redact(once)).toBe(once);
  });

  it("maskWebhookUrl masks a single URL", () => {
    expect(maskWebhookUrl(URL_)).toBe(`https://discord.com/api/v10/webhooks/${ID}/***`);
    expect(maskWebhookUrl(`${URL_}?thread_id=${ID}`)).toBe(`https://discord.com/api/v10/webhooks/${ID}/***?thread_id=${ID}`);
  });

  it("maskWebhookUrl hides a whole string in which it recognises no webhook URL (a malformed stored URL)", () => {
    expect(maskWebhookUrl("not a url legacy-token-0123456789abcdef")).toBe("***");
    expect(maskWebhookUrl("https://discord.com/api/webhooks/abc/legacy-token-0123456789")).toBe("***");
    expect(maskWebhookUrl("")).toBe("");
  });

  it("never lets a token through, whatever surrounds the URL (property)", () => {
    const tokenArb = fc.stringMatching(/^[A-Za-z0-9_-]{24,100}$/);
    const around = fc.string({ maxLength: 40 });
    fc.assert(
      fc.property(tokenArb, around, around, fc.boolean(), (token, before, after, encode) => {
        const url = `https://discord.com/api/webhooks/${ID}/${token}`;
        const out = redact(`${before}${encode ? encodeURIComponent(url) : url}${after}`);
        expect(out.slice(before.length)).not.toContain(token);
      }),
      { numRuns: 300 },
    );
  });
});

describe("tokensIn: the token of a request URL, for masking where the URL pattern would not see it", () => {
  it("gives the token segment, and its decoded form when it was percent-encoded", () => {
    const token = "a".repeat(30) + "%2D" + "b".repeat(30);
    expect(tokensIn(`https://discord.com/api/v10/webhooks/120000000000000001/${"t".repeat(68)}?wait=true`)).toEqual(["t".repeat(68)]);
    expect(tokensIn(`http://127.0.0.1:9/api/v10/webhooks/120000000000000001/${token}/messages/1`)).toEqual([token, `${"a".repeat(30)}-${"b".repeat(30)}`]);
    expect(tokensIn("https://discord.com/api/v10/webhooks/120000000000000001/%E0%A4%A")).toEqual(["%E0%A4%A"]);
    expect(tokensIn("https://example.com/not/a/webhook")).toEqual([]);
  });
});
