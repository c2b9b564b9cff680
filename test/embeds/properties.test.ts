import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALERT_SEVERITIES,
  BILLING_EVENTS,
  EVENT_INPUT_SCHEMAS,
  NODE_RESOURCES,
  SERVER_STATES,
  TICKET_ACTIONS,
  TICKET_PRIORITIES,
  type EmbedOptions,
  type EventName,
} from "../../src/embeds/index.js";
import { ValidationError } from "../../src/errors.js";
import { build, expectDiscordAccepts } from "./helpers.js";

const RUNS = 150;

/** Pieces of hostile text: whitespace, zero-width, bidi, emoji, combining marks, surrogates, markdown, mentions. */
const PIECES = [
  " ", "\t", "\n", "\r\n", "\u00A0", "\u200B", "\u200D", "\uFEFF", "\u202E", "\u2066", "\u001C", "\u0085", "\u0000",
  "a", "é", "e\u0301", "🔥", "👨‍👩‍👧‍👦", "🇩🇪", "👍🏽", "שלום", "مرحبا", "日本語",
  "\uD800", "\uDC00", "\uD83D", "\uDE00x",
  "**", "*", "_", "__", "~~", "||", "`", "```", "\\", "# ", "> ", ">>> ", "- ", "[x](https://evil.example)", "<t:0:R>",
  "@everyone", "@here", "<@123456789012345678>", "<@&123456789012345678>", "<#123456789012345678>",
];

const piece = fc.constantFrom(...PIECES);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Arbitrary user text: empty, short mixes, random Unicode, and very long runs (10,000+ units). */
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constantFrom(" ", "\n\t ", "\u200B", "\u001C\u001F", "\uD800") },
  { weight: 4, arbitrary: fc.array(fc.oneof(piece, loneSurrogate), { maxLength: 30 }).map((p) => p.join("")) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 2_500, max: 10_000 }))
      .map(([p, n]) => p.join("").repeat(Math.ceil(n / p.join("").length)).slice(0, Math.max(n, 10_000))),
  },
);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const url = maybe(fc.webUrl());
const percent = fc.double({ min: 0, max: 1_000_000, noNaN: true });

const options: fc.Arbitrary<EmbedOptions> = fc.record(
  {
    branding: fc.record(
      { footer: maybe(fc.oneof(text, fc.constantFrom("f".repeat(2048), "🔥".repeat(3000), ` ${"x ".repeat(1500)}`))), footerIconUrl: url },
      { requiredKeys: [] },
    ),
    now: fc.constant(() => new Date("2026-01-02T03:04:05Z")),
  },
  { requiredKeys: [] },
);

const INPUTS: { [K in EventName]: fc.Arbitrary<unknown> } = {
  serverStateChange: fc.record({
    serverName: text,
    state: fc.constantFrom(...SERVER_STATES),
    previousState: maybe(fc.constantFrom(...SERVER_STATES)),
    node: maybe(text),
    reason: maybe(text),
    serverId: maybe(text),
    url,
  }),
  nodeAlert: fc.record({
    node: text,
    resource: fc.constantFrom(...NODE_RESOURCES),
    usage: percent,
    threshold: maybe(percent),
    details: maybe(text),
    nodeId: maybe(text),
  }),
  settingsUpdate: fc.record({
    changedFields: fc.array(text, { minLength: 1, maxLength: 40 }),
    updatedBy: maybe(text),
    section: maybe(text),
  }),
  syncCompletion: fc.record({
    success: fc.boolean(),
    summary: fc.record(
      { locations: fc.nat(), nodes: fc.nat(), allocations: fc.nat(), servers: fc.nat(), databases: fc.nat() },
      { requiredKeys: [] },
    ),
    durationMs: fc.double({ min: 0, max: 1e15, noNaN: true }),
    error: maybe(fc.oneof(text, text.map((m) => new Error(m)))),
    source: maybe(text),
  }),
  billingEvent: fc.record({
    event: fc.constantFrom(...BILLING_EVENTS),
    amount: maybe(fc.double({ min: -1e12, max: 1e12, noNaN: true })),
    currency: maybe(fc.constantFrom("USD", "eur", "JPY", "GBP", "BHD", "XXX")),
    customer: maybe(text),
    invoiceId: maybe(text),
    plan: maybe(text),
    reason: maybe(text),
    url,
  }),
  systemAlert: fc.record({
    title: text,
    message: text,
    severity: fc.constantFrom(...ALERT_SEVERITIES),
    source: maybe(text),
    error: maybe(fc.oneof(text, text.map((m) => new Error(m)))),
  }),
  supportTicket: fc.record({
    action: fc.constantFrom(...TICKET_ACTIONS),
    ticketId: fc.oneof(text, fc.nat()),
    subject: text,
    user: maybe(text),
    priority: maybe(fc.constantFrom(...TICKET_PRIORITIES)),
    message: maybe(text),
    assignee: maybe(text),
  }),
  custom: fc.record(
    {
      title: text,
      description: text,
      url,
      color: fc.integer({ min: 0, max: 0xffffff }),
      fields: fc.array(fc.record({ name: text, value: text, inline: maybe(fc.boolean()) }), { maxLength: 25 }),
      author: fc.record({ name: text, url }),
      thumbnailUrl: url,
    },
    { requiredKeys: [] },
  ),
};

/** Inputs with every text field set to `long`. */
const WORST_CASE = (long: string): { [K in EventName]: unknown } => ({
  serverStateChange: { serverName: long, state: "crashed", previousState: "online", node: long, reason: long, serverId: long },
  nodeAlert: { node: long, resource: "cpu", usage: 1e6, threshold: 1e6, details: long, nodeId: long },
  // 100 names: more at this length would pass INPUT_LIMITS.total (2,500,000 characters of text in all).
  settingsUpdate: { changedFields: Array.from({ length: 100 }, () => long), updatedBy: long, section: long },
  syncCompletion: {
    success: false,
    summary: { locations: 1e15, nodes: 1e15, allocations: 1e15, servers: 1e15, databases: 1e15 },
    durationMs: Number.MAX_SAFE_INTEGER,
    error: new Error(long),
    source: long,
  },
  billingEvent: { event: "refund", amount: -1e300, currency: "USD", customer: long, invoiceId: long, plan: long, reason: long },
  systemAlert: { title: long, message: long, severity: "critical", source: long, error: long },
  supportTicket: { action: "replied", ticketId: long, subject: long, user: long, priority: "urgent", message: long, assignee: long },
  custom: {
    title: long,
    description: long,
    fields: Array.from({ length: 25 }, () => ({ name: long, value: long })),
    author: { name: long },
  },
});

describe("every builder, any input that passes its schema, gives an embed Discord accepts", () => {
  it.each(Object.keys(INPUTS) as EventName[])("%s", (name) => {
    fc.assert(
      fc.property(INPUTS[name], options, (input, opts) => {
        if (!EVENT_INPUT_SCHEMAS[name].safeParse(input).success) {
          expect(() => build(name, input, opts)).toThrow(ValidationError);
          return;
        }
        expectDiscordAccepts(build(name, input, opts));
      }),
      { numRuns: RUNS },
    );
  });

  it.each(Object.keys(INPUTS) as EventName[])("%s stays within 6000 with every text at its longest", (name) => {
    const long = "🔥".repeat(10_000);
    const input = WORST_CASE(long)[name];
    expect(EVENT_INPUT_SCHEMAS[name].safeParse(input).success).toBe(true);
    expectDiscordAccepts(build(name, input, { branding: { footer: long }, now: () => new Date(0) }));
  });

  it("the generators reach the valid path often", () => {
    // Guards against a generator that only ever produces rejected input (which would test nothing).
    for (const name of Object.keys(INPUTS) as EventName[]) {
      const samples = fc.sample(INPUTS[name], { numRuns: 100, seed: 42 });
      const valid = samples.filter((s) => EVENT_INPUT_SCHEMAS[name].safeParse(s).success).length;
      expect(valid, name).toBeGreaterThan(25);
    }
  });
});
