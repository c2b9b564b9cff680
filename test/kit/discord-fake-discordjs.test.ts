import { WebhookClient } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiscordFake, type DiscordFake } from "../../src/testing/index.js";

describe("discord fake: discord.js 14 WebhookClient interop", () => {
  let fake: DiscordFake;
  beforeAll(async () => {
    fake = await createDiscordFake({ timeScale: 0.01 });
  });
  afterAll(() => fake.close());

  it("receives a message sent by WebhookClient pointed at the fake through rest.api", async () => {
    const hook = fake.addWebhook();
    const client = new WebhookClient({ id: hook.id, token: hook.token }, { rest: { api: `${fake.url}/api` } });
    try {
      const message = await client.send({ content: "hello from discord.js", embeds: [{ title: "mc-1 crashed" }] });
      expect(message.id).toMatch(/^\d{17,20}$/);
      expect(message.content).toBe("hello from discord.js");
      const [received] = fake.messages(hook.id);
      expect(received?.body).toMatchObject({ content: "hello from discord.js", embeds: [{ title: "mc-1 crashed" }] });
      expect(received?.wait).toBe(true);
      expect(fake.requests()[0]?.userAgent).toContain("discord.js");
    } finally {
      client.destroy();
    }
  });
});
