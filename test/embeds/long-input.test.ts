import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { codePointLength, replaceLoneSurrogates, truncate, TRUNCATE_LOOKAHEAD } from "../../src/discord/text.js";
import { escapeMarkdown, neutralizeMentions } from "../../src/discord/text.js";
import { embeds, INPUT_LIMITS, type EventName } from "../../src/embeds/index.js";
import { code, codeBlock, head, inline, inlineLine, isBlank } from "../../src/embeds/format.js";
import { ValidationError } from "../../src/errors.js";
import { build, expectDiscordAccepts, expectValidationError } from "./helpers.js";

// Issue 15, item 1: cutting long user text costs time in what is kept, not in the input. No timing here: the tests
// watch what is handed to Intl.Segmenter and to String.prototype.replace (the passes that used to read it all).

const MB = 1_048_576;
const FAMILY = "👨\u200d👩\u200d👧\u200d👦";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Lengths of every string Intl.Segmenter is asked to segment while `fn` runs. */
function segmentedLengths(fn: () => unknown): number[] {
  const spy = vi.spyOn(Intl.Segmenter.prototype, "segment");
  fn();
  const lengths = spy.mock.calls.map(([input]) => input.length);
  vi.restoreAllMocks();
  return lengths;
}

/** Lengths of every string String.prototype.replace runs on while `fn` runs. */
function replacedLengths(fn: () => unknown): number[] {
  const spy = vi.spyOn(String.prototype, "replace");
  fn();
  const lengths = spy.mock.contexts.map((text) => String(text).length);
  vi.restoreAllMocks();
  return lengths;
}

describe("truncate reads a bounded prefix", () => {
  it.each([
    ["plain", "a".repeat(MB)],
    ["emoji sequences", FAMILY.repeat(MB / 11)],
    ["combining marks", "e\u0301".repeat(MB / 2)],
  ])("segments at most max + a lookahead of a 1 MB text of %s", (_, text) => {
    const lengths = segmentedLengths(() => truncate(text, 256));
    expect(lengths.length).toBeGreaterThan(0);
    // UTF-16 units: at most two per code point.
    for (const n of lengths) expect(n).toBeLessThanOrEqual(2 * (256 + TRUNCATE_LOOKAHEAD));
  });

  it("does not segment text that fits", () => {
    expect(segmentedLengths(() => truncate("short", 256))).toEqual([]);
  });

  it("keeps the grapheme at the cut whole, as cutting the whole text would", () => {
    // The cut falls inside a family emoji: it moves to before it.
    expect(truncate(`${"a".repeat(5)}${FAMILY}${"b".repeat(MB)}`, 9)).toBe("aaaaa…");
    expect(truncate(`${"a".repeat(5)}${FAMILY}${"b".repeat(MB)}`, 13)).toBe(`aaaaa${FAMILY}…`);
    // A combining mark after the cut belongs to the grapheme before it.
    expect(truncate(`abcde\u0301${"x".repeat(MB)}`, 6)).toBe("abcd…");
    // Lone surrogates are still replaced in what is kept, and pairs are never split by the prefix.
    expect(truncate(`a\uD800${"🔥".repeat(MB / 2)}`, 5)).toBe("a\uFFFD🔥🔥…");
  });

  /** truncate as it was before: the whole text cleaned and segmented (the reference for what a cut must give). */
  function wholeTextTruncate(text: string, max: number, ellipsis = "…"): string {
    const clean = replaceLoneSurrogates(text).trim();
    if (codePointLength(clean) <= max) return clean;
    const mark = codePointLength(ellipsis) <= max ? ellipsis : "";
    const room = Math.max(0, max - codePointLength(mark));
    let out = "";
    let used = 0;
    for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(clean)) {
      const len = codePointLength(segment);
      if (used + len > room) break;
      out += segment;
      used += len;
    }
    return out.trimEnd() + mark;
  }

  const units = ["a", " ", "\n", "🔥", FAMILY, "🇫", "🇷", "👍🏽", "e\u0301", "\u0301", "\u200d", "\uD800", "\uDC00", "\u05d0", "\u0915\u094d"];
  const textArb = fc.oneof(
    fc.string({ unit: fc.constantFrom(...units), maxLength: 150 }),
    fc.string({ unit: "grapheme", maxLength: 150 }),
    fc.string({ unit: "binary", maxLength: 150 }),
  );

  it("cuts exactly as cutting the whole text would (property)", () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 0, max: 60 }), fc.constantFrom("…", "...", ""), (text, max, ellipsis) => {
        expect(truncate(text, max, ellipsis)).toBe(wholeTextTruncate(text, max, ellipsis));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("formatting user text reads a bounded prefix", () => {
  // What the formatters did before, on the whole text (the reference).
  // eslint-disable-next-line no-control-regex
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
  const sanitize = (t: string) => t.replace(CONTROL, "");
  const DANGLING_ESCAPE = /(?<!\\)((?:\\\\)*)\\…$/;
  const wholeInline = (text: string, max: number) => {
    const escaped = escapeMarkdown(neutralizeMentions(sanitize(text)));
    return truncate(escaped, Math.max(1, max)).replace(DANGLING_ESCAPE, "$1…");
  };
  const wholeInlineLine = (text: string, max: number) => wholeInline(sanitize(text).replace(/\s+/g, " "), max);
  const wholeCode = (text: string, max: number) => {
    const cut = truncate(sanitize(text).replace(/\s+/g, " "), Math.max(1, max - 2));
    return `\`${cut.replace(/`/g, "ˋ").replace(/\r\n|[\r\n]/g, " ").trim() || " "}\``;
  };
  const wholeCodeBlock = (text: string, max: number) => {
    const cut = truncate(sanitize(text).replace(/`/g, "ˋ"), Math.max(1, max - 8));
    return `\`\`\`\n${cut === "" ? " " : cut}\n\`\`\``;
  };

  // No bidi controls here: with one past what is read, the whole-text formatter would isolate text it never shows.
  const units = ["a", "b", " ", "  ", "\n", "\t", "\u0001", "\u0085", "\u200a", "*", "_", "\\", "`", "@everyone", "<@123>", "🔥", FAMILY, "e\u0301"];
  const textArb = fc.string({ unit: fc.constantFrom(...units), maxLength: 200 });

  it.each([
    ["inline", inline, wholeInline],
    ["inlineLine", inlineLine, wholeInlineLine],
    ["code", code, wholeCode],
    ["codeBlock", codeBlock, wholeCodeBlock],
  ] as const)("%s gives what formatting the whole text would (property)", (_, bounded, whole) => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 1, max: 60 }), (text, max) => {
        expect(bounded(text, max)).toBe(whole(text, max));
      }),
      { numRuns: 500 },
    );
  });

  it("head skips long runs of whitespace and control characters and still sees the text after them", () => {
    const run = " \u0001\t\u0085\n".repeat(MB / 5);
    expect(head(`${run}x`, 10)).toBe("x");
    // Whitespace is kept (it is not one line): the budget is spent on it, and nothing visible follows.
    const read = 10 + TRUNCATE_LOOKAHEAD + 32; // what head(_, 10) reads: the budget and its margin
    expect(head(`ab${run}`, 10)).toBe(`ab${run}`.replace(CONTROL, "").slice(0, read));
    expect(head(`ab${run}cd`, 10, true)).toBe("ab cd");
    // Past the budget, one more visible character tells the cut that the text goes on.
    expect(head(`${"a".repeat(read)}${run}z`, 10)).toBe(`${"a".repeat(read)}z`);
    expect(head(`${"a".repeat(read + 5)}${run}z`, 10)).toBe("a".repeat(read + 1));
    expect(inline(`${"a".repeat(20)}${"   ".repeat(30)}${run}z`, 30)).toBe(`${"a".repeat(20)}…`);
    expect(isBlank(run)).toBe(true);
    expect(isBlank(`${run}x`)).toBe(false);
  });

  it("never runs a replace over a 1 MB message, and segments only a bounded prefix", () => {
    const message = "Hello *world* @everyone <@123> ".repeat(MB / 32);
    const input = { action: "created" as const, ticketId: 1, subject: "Long", message };
    const replaced = replacedLengths(() => embeds.supportTicket(input));
    expect(Math.max(...replaced)).toBeLessThan(20_000);
    const segmented = segmentedLengths(() => embeds.supportTicket(input));
    expect(Math.max(...segmented)).toBeLessThan(20_000);
    const embed = embeds.supportTicket(input);
    expect(embed.description?.endsWith("…")).toBe(true);
    expect(embed.description).toContain("@\u200beveryone");
    expectDiscordAccepts(embed);
  });

  it("every builder with every text input at its cap reads only bounded prefixes", () => {
    const t = "x".repeat(INPUT_LIMITS.text);
    const inputs: Record<EventName, unknown> = {
      serverStateChange: { serverName: t, state: "crashed", node: t, reason: t, serverId: t },
      nodeAlert: { node: t, resource: "memory", usage: 97, details: t, nodeId: t },
      settingsUpdate: { changedFields: [t, t, t], updatedBy: t, section: t },
      syncCompletion: { success: false, summary: {}, durationMs: 1, error: new Error("x".repeat(MB)), source: t },
      billingEvent: { event: "refund", customer: t, invoiceId: t, plan: t, reason: t },
      systemAlert: { title: t, message: "m".repeat(MB), severity: "critical", source: t, error: "e".repeat(MB) },
      supportTicket: { action: "replied", ticketId: t, subject: t, user: t, message: "m".repeat(MB), assignee: t },
      custom: { title: t, description: "d".repeat(MB), fields: Array.from({ length: 5 }, () => ({ name: t, value: t })), author: { name: t } },
    };
    for (const [name, input] of Object.entries(inputs) as [EventName, unknown][]) {
      const replaced = replacedLengths(() => build(name, input, { branding: { footer: t } }));
      expect(Math.max(0, ...replaced), name).toBeLessThan(20_000);
      const segmented = segmentedLengths(() => build(name, input, { branding: { footer: t } }));
      expect(Math.max(0, ...segmented), name).toBeLessThan(20_000);
      expectDiscordAccepts(build(name, input, { branding: { footer: t } }));
    }
  });
});

describe("input caps", () => {
  it("builds a 1 MB message (cut to what Discord shows)", () => {
    const embed = embeds.systemAlert({ title: "Big", message: "m".repeat(MB), severity: "info" });
    expect(codePointLength(embed.description ?? "")).toBeLessThanOrEqual(4096);
    expectDiscordAccepts(embed);
  });

  it("refuses a body text over its cap, naming the field", () => {
    const error = expectValidationError(
      () => embeds.supportTicket({ action: "created", ticketId: 1, subject: "s", message: "m".repeat(INPUT_LIMITS.longText + 1) }),
      ["message"],
    );
    expect(error.message).toContain("message: must be at most 2,000,000 characters");
  });

  it.each([
    ["serverStateChange", { serverName: "x".repeat(INPUT_LIMITS.text + 1), state: "online" }, "serverName"],
    ["nodeAlert", { node: "n", resource: "cpu", usage: 1, details: "x".repeat(INPUT_LIMITS.text + 1) }, "details"],
    ["supportTicket", { action: "closed", ticketId: 1, subject: "🔥".repeat(INPUT_LIMITS.text + 1) }, "subject"],
    ["billingEvent", { event: "refund", customer: "x".repeat(INPUT_LIMITS.text + 1) }, "customer"],
    ["custom", { title: "t", fields: [{ name: "n", value: "x".repeat(INPUT_LIMITS.text + 1) }] }, "fields.0.value"],
    ["custom", { title: "t", url: `https://example.com/${"a".repeat(INPUT_LIMITS.text)}` }, "url"],
    ["systemAlert", { title: "t", message: "m", severity: "info", error: new Error("e".repeat(INPUT_LIMITS.longText + 1)) }, "error"],
  ] as const)("%s refuses the text over its cap (%#)", (name, input, path) => {
    expectValidationError(() => build(name, input), [path]);
  });

  it("refuses a list over its cap", () => {
    const changedFields = Array.from({ length: INPUT_LIMITS.listItems + 1 }, (_, i) => `setting.${i}`);
    expectValidationError(() => embeds.settingsUpdate({ changedFields }), ["changedFields"]);
    expect(() => embeds.settingsUpdate({ changedFields: changedFields.slice(1) })).not.toThrow();
  });

  it("refuses an input whose text together is over the total cap", () => {
    const body = "m".repeat(INPUT_LIMITS.longText);
    let caught: unknown;
    try {
      embeds.systemAlert({ title: "t", message: body, severity: "info", error: body });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).message).toContain("must hold at most 2,500,000 characters of text in all");
  });

  it("checks a text over its cap before anything else reads it", () => {
    // The blank check of a required text would scan the whole run; the cap refuses it first. (zod counts the code
    // points of a string over a cap with one native probe for surrogates: that one is expected.)
    const spy = vi.spyOn(RegExp.prototype, "test");
    let message = "";
    try {
      embeds.serverStateChange({ serverName: " ".repeat(10 * MB), state: "online" });
    } catch (error) {
      message = (error as Error).message;
    }
    const scanned = spy.mock.calls.flatMap(([input], i) => ((spy.mock.contexts[i] as RegExp | undefined)?.source === "[\\uD800-\\uDBFF]" ? [] : [input.length]));
    vi.restoreAllMocks();
    expect(message).toContain("serverName: must be at most 100,000 characters");
    expect(Math.max(0, ...scanned)).toBeLessThan(1000);
  });
});
