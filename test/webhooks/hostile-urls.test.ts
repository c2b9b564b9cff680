import { describe, expect, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import { WebhookUrlError } from "../../src/errors.js";
import { createWebhookManager } from "../../src/webhooks/index.js";
import { admin, alice, TOKEN_A } from "./fixtures.js";

const ID = "123456789012345678";
const PATH = `/api/webhooks/${ID}/${TOKEN_A}`;

// Each of these must be refused before anything could fetch it (no SSRF) and without echoing the token.
const HOSTILE: readonly string[] = [
  `https://discord.com.evil.example${PATH}`,
  `https://evil.example/discord.com${PATH}`,
  `https://discord.com@evil.example${PATH}`,
  `https://evil.example@discord.com${PATH}`,
  `https://user:pass@discord.com${PATH}`,
  `https://discord.com:8443${PATH}`,
  `https://discord.com:443${PATH}`,
  `http://discord.com${PATH}`,
  `ftp://discord.com${PATH}`,
  `//discord.com${PATH}`,
  `discord.com${PATH}`,
  `https://127.0.0.1${PATH}`,
  `https://localhost${PATH}`,
  `https://[::1]${PATH}`,
  `https://169.254.169.254${PATH}`,
  `https://0x7f000001${PATH}`,
  `https://2130706433${PATH}`,
  `https://discord.com.${PATH}`,
  `https://xn--discord-xyz.com${PATH}`,
  `https://evildiscord.com${PATH}`,
  `https://discord.gg${PATH}`,
  `https://discord.com/api/webhooks%2F${ID}%2F${TOKEN_A}`,
  `https://discord.com/api/webhooks/${ID}%2F..%2F..%2Fusers/${TOKEN_A}`,
  `https://discord.com/api/webhooks/../oauth2/${ID}/${TOKEN_A}`,
  `https://discord.com/api//webhooks/${ID}/${TOKEN_A}`,
  `https://discord.com/api/webhooks/${ID}/${TOKEN_A}/extra`,
  `https://discord.com\\@evil.example${PATH}`,
  `https://discord.com/api/webhooks/not-a-snowflake/${TOKEN_A}`,
  `https://discord.com/api/webhooks/${ID}/short`,
  `https://discord.com/api/webhooks/${ID}/${TOKEN_A}?thread_id=../../x`,
  `javascript:alert(1)//discord.com${PATH}`,
  `data:text/html,https://discord.com${PATH}`,
  `https://discord.com${PATH}\n`.repeat(2),
  `https://discord.com${PATH}#${"x".repeat(600)}`,
  "",
];

describe("hostile webhook URLs", () => {
  it.each(HOSTILE.map((u) => [u]))("refuses %j with a WebhookUrlError and never calls the tester", async (url) => {
    let calls = 0;
    const store = memoryStore();
    const manager = createWebhookManager({
      store,
      dispatcher: {
        test: () => {
          calls += 1;
          return Promise.resolve({ ok: true });
        },
      },
    });
    for (const actor of [alice, admin]) {
      const err = await manager.create(actor, { name: "x", webhookUrl: url, type: "SYSTEM", scope: "USER" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebhookUrlError);
      expect((err as WebhookUrlError).code).toBe("INVALID_WEBHOOK_URL");
      expect((err as Error).message).not.toContain(TOKEN_A);
      expect(JSON.stringify((err as WebhookUrlError).issues)).not.toContain(TOKEN_A);
    }
    expect(await store.listWebhooks()).toEqual([]);
    expect(calls).toBe(0);
  });

  it("refuses a hostile URL on update too and keeps the stored one", async () => {
    const store = memoryStore();
    const manager = createWebhookManager({ store, dispatcher: { test: () => Promise.resolve({ ok: true }) } });
    const w = await manager.create(alice, { name: "x", webhookUrl: `https://discord.com${PATH}`, type: "SYSTEM", scope: "USER" });
    await expect(manager.update(alice, w.id, { webhookUrl: `https://discord.com.evil.example${PATH}` })).rejects.toBeInstanceOf(WebhookUrlError);
    expect((await store.getWebhook(w.id))?.webhookUrl).toBe(`https://discord.com/api/v10/webhooks/${ID}/${TOKEN_A}`);
  });
});
