import { describe, expect, it } from "vitest";
import { createDiscordFake } from "../../src/testing/index.js";
import { post } from "./helpers.js";

describe("acceptAnyWebhook", () => {
  it("registers a well-formed unknown webhook on first use; other tokens for it still get 401", async () => {
    const any = await createDiscordFake({ acceptAnyWebhook: true });
    try {
      const stored = { id: "223456789012345678", token: "a".repeat(68) };
      expect((await post(any, stored, { content: "hi" })).status).toBe(200);
      expect(any.messages()).toHaveLength(1);
      expect(any.webhooks().map((w) => [w.id, w.name])).toEqual([[stored.id, "Accepted webhook"]]);
      expect((await post(any, { id: stored.id, token: "b".repeat(68) }, { content: "hi" })).status).toBe(401);
      expect((await post(any, { id: "12", token: "a".repeat(68) }, { content: "hi" })).status).toBe(404);
    } finally {
      await any.close();
    }
  });
});
