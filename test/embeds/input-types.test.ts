/**
 * The event input interfaces (written out with per-field docs for the IDE) equal what their schemas accept, so the
 * two cannot drift apart: `npm run typecheck` fails on any difference.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type * as z from "zod";
import {
  billingEventInputSchema,
  customEmbedInputSchema,
  embeds,
  nodeAlertInputSchema,
  serverStateChangeInputSchema,
  settingsUpdateInputSchema,
  supportTicketInputSchema,
  syncCompletionInputSchema,
  systemAlertInputSchema,
  type BillingEventInput,
  type CustomEmbedInput,
  type NodeAlertInput,
  type ServerStateChangeInput,
  type SettingsUpdateInput,
  type SupportTicketInput,
  type SyncCompletionInput,
  type SystemAlertInput,
} from "../../src/index.js";

describe("event input types", () => {
  it("each interface equals its schema's input type", () => {
    expectTypeOf<ServerStateChangeInput>().toEqualTypeOf<z.input<typeof serverStateChangeInputSchema>>();
    expectTypeOf<NodeAlertInput>().toEqualTypeOf<z.input<typeof nodeAlertInputSchema>>();
    expectTypeOf<SettingsUpdateInput>().toEqualTypeOf<z.input<typeof settingsUpdateInputSchema>>();
    expectTypeOf<SyncCompletionInput>().toEqualTypeOf<z.input<typeof syncCompletionInputSchema>>();
    expectTypeOf<SystemAlertInput>().toEqualTypeOf<z.input<typeof systemAlertInputSchema>>();
    expectTypeOf<SupportTicketInput>().toEqualTypeOf<z.input<typeof supportTicketInputSchema>>();
    expectTypeOf<BillingEventInput>().toEqualTypeOf<z.input<typeof billingEventInputSchema>>();
    expectTypeOf<CustomEmbedInput>().toEqualTypeOf<z.input<typeof customEmbedInputSchema>>();
  });

  it("a sync's free-text details are shown in their own field", () => {
    const embed = embeds.syncCompletion({ success: true, summary: {}, durationMs: 1000, details: "3 servers moved" });
    expect(embed.fields).toContainEqual({ name: "Details", value: "3 servers moved", inline: false });
  });
});
