import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ConfigError,
  CooldownError,
  DeliveryRefusedError,
  DiscordHTTPError,
  DispatcherError,
  DuplicateWebhookError,
  ForbiddenError,
  NOT_A_WEBHOOK_URL_MESSAGE,
  NotFoundError,
  RateLimitError,
  StoreError,
  TransportError,
  ValidationError,
  WebhookLimitError,
  WebhookUrlError,
} from "../../src/errors.js";
import { parseWebhookUrl } from "../../src/discord/webhook-url.js";
import { toErrorResponse } from "../../src/http/responses.js";
import { alice } from "../webhooks/fixtures.js";
import { call, createHarness, type Harness } from "./harness.js";

// Issue 15, item 13: people using the product see a short plain message (`userMessage`); operators keep the
// technical one (`message`) in logs.

const GONE = "Discord says this webhook no longer exists. Paste a new webhook URL.";

describe("every DispatcherError has a userMessage", () => {
  it.each([
    [new ValidationError("webhook", [{ path: "name", message: "must not be empty" }]), "Please check: name: must not be empty."],
    [new WebhookUrlError("webhook token is malformed"), "This webhook URL is not valid. Copy it again in Discord: Channel settings → Integrations → Webhooks → Copy Webhook URL."],
    [new StoreError("prisma", "createWebhook failed: connection refused"), "Something went wrong while saving or loading webhooks. Please try again."],
    [new DuplicateWebhookError("prisma"), "A webhook with this URL already exists."],
    [new TransportError("socket hang up", "https://discord.com/api/v10/webhooks/1/***"), "Could not reach Discord. Please try again in a moment."],
    [new TransportError("timed out", "u", { code: "TIMEOUT" }), "Discord did not answer in time. Please try again in a moment."],
    [new DiscordHTTPError(404, 10015, "https://discord.com/api/v10/webhooks/1/***?wait=true", "Unknown Webhook"), GONE],
    [new DiscordHTTPError(404, 10015, "u", "Unknown Webhook", { code: "WEBHOOK_DISABLED" }), GONE],
    [new DiscordHTTPError(401, 50027, "u", "Invalid Webhook Token"), "Discord says this webhook's token is not valid. Paste a new webhook URL."],
    [new DiscordHTTPError(502, undefined, "u"), "Discord is having trouble right now. Please try again later."],
    [new DiscordHTTPError(400, 50035, "u", "Invalid Form Body"), "Discord refused the message."],
    [new RateLimitError("429 again", 1000, "shared"), "Discord is limiting how fast messages can be sent. Please try again shortly."],
    [new DeliveryRefusedError("WEBHOOK_DISABLED", 'Webhook "x" was disabled: 404'), "This webhook is disabled. Enable it again, or paste a new webhook URL."],
    [new DeliveryRefusedError("QUEUE_OVERFLOW", "queue full (10000)"), "Too many messages are waiting to be sent. Please try again later."],
    [new DeliveryRefusedError("CLOSED", "closed"), "Sending is shutting down. Please try again in a moment."],
    [new ConfigError("`store` is required"), "Webhooks are not set up correctly on this site. Please contact its administrators."],
    [new NotFoundError('Webhook "abc" not found.'), "This webhook was not found."],
    [new ForbiddenError("This account cannot manage webhooks: an admin needs isAdmin true"), "You are not allowed to do this."],
    [new CooldownError("tested 1.2 s ago", 3200), "This webhook was tested moments ago. Try again in 4 seconds."],
    [new WebhookLimitError("owner u1 has 25 rows", 25), "You already have 25 webhooks, the most allowed. Delete one to add another."],
  ] as [DispatcherError, string][])("%s", (error, expected) => {
    expect(error.userMessage).toBe(expected);
    expect(error.message).toMatch(/^\[discord-webhook-dispatcher\] /);
    expect(error.userMessage).not.toContain("[discord-webhook-dispatcher]");
  });

  it("can be given per error, and is never a token", () => {
    const token = "k".repeat(68);
    expect(new StoreError("x", "y", { userMessage: "Try later." }).userMessage).toBe("Try later.");
    const leaky = new ConfigError("c", { userMessage: `see https://discord.com/api/webhooks/123456789012345678/${token}` });
    expect(leaky.userMessage).not.toContain(token);
  });

  it("tells people who paste a channel link, an invite or a Slack URL where the webhook URL is", () => {
    for (const pasted of [
      "https://discord.com/channels/123456789012345678/223456789012345678",
      "discord.com/channels/@me/123456789012345678",
      "https://ptb.discordapp.com/channels/1/2/3",
      "https://discord.gg/abcdef",
      "https://hooks.slack.com/services/T000/B000/XXXX",
    ]) {
      let caught: unknown;
      try {
        parseWebhookUrl(pasted);
      } catch (error) {
        caught = error;
      }
      expect(caught, pasted).toBeInstanceOf(WebhookUrlError);
      expect((caught as WebhookUrlError).userMessage).toBe(NOT_A_WEBHOOK_URL_MESSAGE);
    }
    expect(NOT_A_WEBHOOK_URL_MESSAGE).toBe("This is not a webhook URL. In Discord: Channel settings → Integrations → Webhooks → Copy Webhook URL.");
  });

  it("is what an error response says, with the code kept", async () => {
    const { response } = toErrorResponse(new DuplicateWebhookError("prisma"));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "DUPLICATE_WEBHOOK", message: "A webhook with this URL already exists." } });
  });
});

describe("the routes answer people in plain words", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    h.fake.reset();
  });

  const body = (webhookUrl: string) => ({ name: "Alerts", webhookUrl, type: "GAME_SERVER", scope: "USER" });

  it("a duplicate is 409 with a plain message, not the adapter's", async () => {
    const hook = h.fake.addWebhook();
    expect((await call(h, "POST", "", alice, body(hook.url))).status).toBe(201);
    const again = await call(h, "POST", "", alice, body(hook.url));
    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({ code: "DUPLICATE_WEBHOOK", message: "A webhook with this URL already exists." });
  });

  it.each([
    ["a channel link", "https://discord.com/channels/123456789012345678/223456789012345678"],
    ["a Slack URL", "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"],
  ])("%s pasted on create or update gets the hint of where the webhook URL is", async (_, pasted) => {
    const created = await call(h, "POST", "", alice, body(pasted));
    expect(created.status).toBe(400);
    expect(created.json.error.code).toBe("INVALID_WEBHOOK_URL");
    expect(created.json.error.message).toBe(NOT_A_WEBHOOK_URL_MESSAGE);
    expect(created.json.error.issues).toEqual([{ path: "webhookUrl", message: expect.stringMatching(/not a webhook URL|not a Discord one/) }]);
    const ok = await call(h, "POST", "", alice, body(h.fake.addWebhook().url));
    const updated = await call(h, "PATCH", `/${ok.json.webhook.id as string}`, alice, { webhookUrl: pasted });
    expect(updated.status).toBe(400);
    expect(updated.json.error.message).toBe(NOT_A_WEBHOOK_URL_MESSAGE);
  });

  it("a test of a webhook Discord no longer knows says so plainly, without the request", async () => {
    const hook = h.fake.addWebhook();
    const created = await call(h, "POST", "", alice, body(hook.url));
    h.fake.removeWebhook(hook.id);
    const res = await call(h, "POST", `/${created.json.webhook.id as string}/test`, alice);
    expect(res.json).toMatchObject({ ok: false, status: 404, error: { code: "WEBHOOK_DISABLED", message: GONE } });
    expect(JSON.stringify(res.json.error)).not.toMatch(/\[POST\]|10015|api\/v10|wait=true/);
  });
});
