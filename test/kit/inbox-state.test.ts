import { describe, expect, it } from "vitest";
import { TransportError, ValidationError } from "../../src/index.js";
import { createDiscordFake, INBOX_STATE_VERSION, readInboxState, type InboxState } from "../../src/testing/index.js";
import { post } from "./helpers.js";

describe("the inbox's JSON feed (/inbox/state)", () => {
  it("has the documented shape, with each message's body as sent, and reads typed through readInboxState", async () => {
    const fake = await createDiscordFake({ webhookRateLimit: false, channelRateLimit: false, globalRateLimit: false });
    try {
      const hook = fake.addWebhook({ name: "Ops" });
      await post(fake, hook, { content: "Deploy finished", embeds: [{ title: "v1.4.2" }] });
      await post(fake, hook, { content: "" });
      const state: InboxState = await readInboxState(fake.inboxUrl);
      expect(state).toMatchObject({ version: INBOX_STATE_VERSION, seq: 2, webhooks: [{ id: hook.id, name: "Ops", channelId: hook.channelId, url: `https://discord.com/api/v10/webhooks/${hook.id}/***` }] });
      expect(typeof state.epoch).toBe("string");
      const [message, invalid] = state.entries;
      expect(message).toMatchObject({ seq: 1, kind: "message", webhookId: hook.id, channelId: hook.channelId, message: { threadId: null, body: { content: "Deploy finished", embeds: [{ title: "v1.4.2" }] } } });
      expect(message?.message?.id).toBe(fake.messages(hook.id)[0]?.id);
      expect(new Date(message?.message?.receivedAt ?? "").getTime()).not.toBeNaN();
      expect(invalid).toMatchObject({ seq: 2, kind: "invalid", webhookId: hook.id });
      expect(invalid?.message).toBeUndefined();
      expect((await readInboxState(fake.url, { after: 1, epoch: state.epoch })).entries.map((e) => e.seq)).toEqual([2]);
      expect(JSON.stringify(state)).not.toContain(hook.token);
      // Not a feed: a clear typed error.
      await expect(readInboxState(`${fake.url}/api/`)).rejects.toBeInstanceOf(ValidationError);
    } finally {
      await fake.close();
    }
    await expect(readInboxState(fake.url, { timeoutMs: 2000 })).rejects.toBeInstanceOf(TransportError);
  });
});
