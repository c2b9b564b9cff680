import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  codePointLength,
  codeSpan,
  discordLength,
  escapeMarkdown,
  neutralizeMentions,
  replaceLoneSurrogates,
  truncate,
} from "../../src/discord/index.js";

const FAMILY = "👨\u200d👩\u200d👧\u200d👦"; // 7 code points, 11 UTF-16 units, one grapheme
const FLAGS = "🇫🇷🇩🇪🇯🇵"; // 3 flags of 2 regional indicators each
const SKIN = "👍🏽"; // emoji + skin-tone modifier: 2 code points, one grapheme
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const graphemes = (s: string): string[] => Array.from(segmenter.segment(s), (g) => g.segment);

describe("codePointLength", () => {
  it.each([
    ["", 0, 0],
    ["abc", 3, 3],
    ["🔥", 1, 2],
    ["🔥".repeat(10), 10, 20],
    [FAMILY, 7, 11],
    [FLAGS, 6, 12],
    [SKIN, 2, 4],
    ["e\u0301", 2, 2],
    ["\uD800", 1, 1],
    ["\uDC00\uD800", 2, 2],
  ])("%j has %i code points (JavaScript .length %i)", (text, points, units) => {
    expect(codePointLength(text)).toBe(points);
    expect(text.length).toBe(units);
    expect(codePointLength(text)).toBe(Array.from(text).length);
  });

  it("discordLength counts the trimmed text", () => {
    expect(discordLength("  🔥 a \n")).toBe(3);
    expect(discordLength(" \t ")).toBe(0);
  });
});

describe("replaceLoneSurrogates", () => {
  it("replaces unpaired high and low surrogates with U+FFFD and keeps pairs", () => {
    expect(replaceLoneSurrogates("a\uD800b")).toBe("a\uFFFDb");
    expect(replaceLoneSurrogates("a\uDC00b")).toBe("a\uFFFDb");
    expect(replaceLoneSurrogates("\uDC00\uD800")).toBe("\uFFFD\uFFFD");
    expect(replaceLoneSurrogates("end\uD83D")).toBe("end\uFFFD");
    expect(replaceLoneSurrogates(`🔥${FAMILY}`)).toBe(`🔥${FAMILY}`);
  });
});

describe("truncate", () => {
  it("returns short text trimmed and unchanged otherwise", () => {
    expect(truncate("  hello  ", 10)).toBe("hello");
    expect(truncate("hello", 5)).toBe("hello");
  });

  it("cuts to exactly max code points with an ellipsis", () => {
    const out = truncate("abcdefghij", 5);
    expect(out).toBe("abcd…");
    expect(codePointLength(out)).toBe(5);
  });

  it("counts emoji as one, as Discord does", () => {
    expect(truncate("🔥".repeat(256), 256)).toBe("🔥".repeat(256));
    const out = truncate("🔥".repeat(300), 256);
    expect(out).toBe(`${"🔥".repeat(255)}…`);
    expect(out.length).toBe(511);
  });

  it("never splits a ZWJ sequence, a flag or a skin-tone emoji", () => {
    expect(truncate(FAMILY.repeat(2), 10)).toBe(`${FAMILY}…`);
    expect(truncate(FAMILY.repeat(2), 7)).toBe("…");
    expect(truncate(FLAGS, 4)).toBe("🇫🇷…");
    expect(truncate(FLAGS, 5)).toBe("🇫🇷🇩🇪…");
    expect(truncate(SKIN.repeat(3), 4)).toBe(`${SKIN}…`);
  });

  it("drops whitespace left before the ellipsis", () => {
    expect(truncate("hello world, again", 7)).toBe("hello…");
  });

  it("replaces lone surrogates with U+FFFD", () => {
    expect(truncate("a\uD800b", 10)).toBe("a\uFFFDb");
    expect(truncate(`${"x".repeat(5)}\uDFFF${"y".repeat(10)}`, 8)).toBe("xxxxx\uFFFDy…");
  });

  it("supports a custom ellipsis and stays within max when the ellipsis does not fit", () => {
    expect(truncate("hello world", 8, "...")).toBe("hello...");
    expect(truncate("hello world", 2, "...")).toBe("he");
    expect(truncate("hello", 1)).toBe("…");
    expect(truncate("hello", 0)).toBe("");
  });

  const textArb = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 60 }),
    fc.string({ unit: fc.constantFrom("a", " ", "🔥", FAMILY, "🇫", "🇷", SKIN, "e\u0301", "\uD800", "\uDC00", "\u200b", "\u05d0"), maxLength: 60 }),
    fc.string({ unit: "binary", maxLength: 60 }),
  );

  it("never exceeds max code points, never leaves a lone surrogate, cuts only between graphemes (property)", () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 0, max: 40 }), fc.constantFrom("…", "...", ""), (text, max, ellipsis) => {
        const out = truncate(text, max, ellipsis);
        expect(codePointLength(out)).toBeLessThanOrEqual(max);
        expect(LONE_SURROGATE.test(out)).toBe(false);
        const clean = replaceLoneSurrogates(text).trim();
        if (codePointLength(clean) <= max) {
          expect(out).toBe(clean);
          return;
        }
        const kept = ellipsis !== "" && out.endsWith(ellipsis) ? out.slice(0, -ellipsis.length) : out;
        expect(clean.startsWith(kept)).toBe(true);
        // The kept part ends on a grapheme boundary of the original text.
        const whole = graphemes(clean);
        const keptGraphemes = graphemes(kept);
        expect(whole.slice(0, keptGraphemes.length)).toEqual(keptGraphemes);
      }),
      { numRuns: 500 },
    );
  });
});

describe("escapeMarkdown", () => {
  it("escapes every markdown character Discord renders", () => {
    expect(escapeMarkdown("*b* _i_ __u__ ~~s~~ `c` ||sp|| > q # h -# sub [l](u) \\")).toBe(
      "\\*b\\* \\_i\\_ \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|sp\\|\\| \\> q \\# h \\-\\# sub \\[l\\]\\(u\\) \\\\",
    );
  });

  it("leaves plain text alone", () => {
    expect(escapeMarkdown("Server 42 is online 🔥")).toBe("Server 42 is online 🔥");
  });
});

describe("codeSpan", () => {
  it.each(["plain", "a`b", "```js\nx```", "``", "`", "line1\nline2\r\nline3\rline4", "", "   "])(
    "keeps %j inside one code span",
    (text) => {
      const span = codeSpan(text);
      expect(span.startsWith("`")).toBe(true);
      expect(span.endsWith("`")).toBe(true);
      expect(span.slice(1, -1)).not.toContain("`");
      expect(span).not.toMatch(/[\r\n]/);
      expect(span.length).toBeGreaterThan(2);
    },
  );

  it("shows the text as written otherwise", () => {
    expect(codeSpan("node-1 *eu*")).toBe("`node-1 *eu*`");
    expect(codeSpan("a\uD800")).toBe("`a\uFFFD`");
  });
});

describe("neutralizeMentions", () => {
  it.each([
    ["@everyone", /@everyone/],
    ["@here", /@here/],
    ["@EVERYONE", /@everyone/i],
    ["<@123456789012345678>", /<@\d/],
    ["<@!123456789012345678>", /<@!\d/],
    ["<@&123456789012345678>", /<@&\d/],
  ])("breaks %s so it cannot ping", (mention, pattern) => {
    const out = neutralizeMentions(`hi ${mention}!`);
    expect(out).not.toMatch(pattern);
    expect(out.replaceAll("\u200b", "")).toBe(`hi ${mention}!`);
  });

  it("leaves text without mentions unchanged", () => {
    for (const text of ["user@example.com", "<#123456789012345678>", "a < b > c", "plain"]) {
      expect(neutralizeMentions(text)).toBe(text);
    }
  });
});
