import { describe, expect, it } from "vitest";
import { ERROR_CLASSES } from "../../src/error-codes.js";
import {
  ConfigError,
  CooldownError,
  DeliveryRefusedError,
  DiscordHTTPError,
  DispatcherError,
  DuplicateWebhookError,
  ForbiddenError,
  InvalidRequestBrakeError,
  NotFoundError,
  RateLimitError,
  StoreError,
  TransportError,
  ValidationError,
  WebhookLimitError,
  WebhookUrlError,
  WebhookVerificationError,
  type DispatcherErrorCode,
} from "../../src/errors.js";
import { errorFromJson, errorToJson, type ErrorJson } from "../../src/redis/codec.js";

const TOKEN = "made-up-token-abcdefghijklmnopqrstuvwxyz0123456789";
const URL = `https://discord.com/api/webhooks/123456789012345678/${TOKEN}`;

/** One error of every class, with every code each class may carry. */
const samples: DispatcherError[] = [
  new ValidationError("message", [{ path: "avatarUrl", message: "must be an http(s) URL" }]),
  new WebhookUrlError("not a webhook URL"),
  new StoreError("prisma", "connection refused", { userMessage: "Saving failed, try later." }),
  new StoreError("redis", "no answer", { code: "ENQUEUE_UNCERTAIN" }),
  new StoreError("redis", "record gone", { code: "LOST" }),
  new DuplicateWebhookError("memory"),
  new TransportError("socket hang up", URL),
  new TransportError("timed out", URL, { code: "TIMEOUT" }),
  new DiscordHTTPError(404, 10015, URL, "Unknown Webhook"),
  new DiscordHTTPError(404, 10015, URL, undefined, { code: "WEBHOOK_DISABLED", method: "GET" }),
  new RateLimitError("429 again", 1500, "shared"),
  new RateLimitError("edits of old messages capped", 30_000, "user", { code: "EDIT_LIMITED" }),
  new DiscordHTTPError(404, 10008, `${URL}/messages/123456789012345670`, "Unknown Message", { code: "MESSAGE_GONE", method: "PATCH" }),
  new DeliveryRefusedError("QUEUE_OVERFLOW", "full"),
  new DeliveryRefusedError("CLOSED", "closed"),
  new DeliveryRefusedError("WEBHOOK_DISABLED", "disabled"),
  new ConfigError("bad option"),
  new NotFoundError("no such webhook"),
  new ForbiddenError("not yours"),
  new CooldownError("too soon", 2500),
  new WebhookLimitError("too many", 10),
  new InvalidRequestBrakeError("braked", { reason: "webhook", retryAfterMs: 60_000 }),
  new InvalidRequestBrakeError("braked", { reason: "threshold", invalidRequests: 9000 }),
  new WebhookVerificationError("unknown webhook", 404),
];

/** Through JSON text, as Redis stores it. */
const roundTrip = (error: DispatcherError): DispatcherError => errorFromJson(JSON.parse(JSON.stringify(errorToJson(error))) as ErrorJson);

describe("errors keep their class across processes", () => {
  it("covers every error code", () => {
    const codes = new Set(samples.map((e) => e.code));
    expect([...codes].sort()).toEqual(Object.keys(ERROR_CLASSES).sort());
  });

  it.each(samples.map((e) => [`${e.name} ${e.code}`, e] as const))("%s comes back with its class and every field", (_, error) => {
    const back = roundTrip(error);
    expect(back).toBeInstanceOf(error.constructor);
    expect(back).toBeInstanceOf(DispatcherError);
    expect(back.constructor).toBe(error.constructor);
    expect(back.message).toBe(error.message);
    expect(back.userMessage).toBe(error.userMessage);
    expect(back.code).toBe(error.code);
    expect({ ...back }).toEqual({ ...error });
    expect(JSON.stringify(errorToJson(error))).not.toContain(TOKEN);
  });

  it("keeps Discord's status and code and the validation issues", () => {
    const http = roundTrip(new DiscordHTTPError(401, 50027, URL, undefined, { method: "GET" }));
    expect(http).toBeInstanceOf(DiscordHTTPError);
    expect(http).toMatchObject({ status: 401, discordCode: 50027, method: "GET", code: "DISCORD_HTTP" });
    const invalid = roundTrip(new ValidationError("message", [{ path: "username", message: "too long" }]));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid instanceof ValidationError && invalid.issues).toEqual([{ path: "username", message: "too long" }]);
  });

  it("reads an unknown code as a plain DispatcherError with that code", () => {
    const back = errorFromJson({ name: "FutureError", code: "FUTURE" as DispatcherErrorCode, message: "from a newer version" });
    expect(back.constructor).toBe(DispatcherError);
    expect(back.code).toBe("FUTURE");
    expect(back.message).toBe("from a newer version");
  });
});
