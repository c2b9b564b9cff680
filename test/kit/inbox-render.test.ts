import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { embeds } from "../../src/index.js";
import { SAMPLE_INPUTS } from "../../src/cli/samples.js";
import { renderMessageHtml } from "../../src/testing/index.js";
import { assertSafeMarkup, visibleText } from "./inbox-html.js";

const HOSTILE = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  "javascript:alert(1)",
  "[click](javascript:alert(1))",
  "[x](https://ok.example/\"onclick=\"alert(1))",
  "**<b>bold</b>**",
  "`</code><script>`",
  "```\n</pre><script>alert(1)</script>\n```",
  "> <iframe src=//evil>",
  "&lt;already escaped&gt; &amp;",
  "https://evil.example/\"><svg onload=alert(1)>",
  "<https://ok.example/<script>>",
  "||</span><script>||",
  "\\<script\\>",
];

/** A message with `text` in every place the renderer shows text or a URL. */
function everywhere(text: string): Record<string, unknown> {
  return {
    username: text,
    avatar_url: text,
    content: text,
    embeds: [
      {
        title: text,
        description: text,
        url: text,
        color: 0xff0000,
        author: { name: text, url: text, icon_url: text },
        fields: [
          { name: text, value: text, inline: true },
          { name: text, value: text },
        ],
        thumbnail: { url: text },
        image: { url: `https://img.example/${text}` },
        footer: { text, icon_url: text },
        timestamp: text,
      },
    ],
  };
}

describe("renderMessageHtml: user text is hostile", () => {
  it("escapes every field of hostile messages: only the renderer's own tags and attributes remain", () => {
    for (const text of HOSTILE) {
      const html = renderMessageHtml(everywhere(text));
      assertSafeMarkup(html);
      expect(html).not.toMatch(/<(script|img|iframe|svg)\b|href="javascript/i);
    }
  });

  it("holds for any string (property)", () => {
    const chars = fc.constantFrom(..."<>\"'&`*_~|[]()\\/:>#@ \nahttps.x=".split(""));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }).map((a) => a.join("")), (text) => {
        assertSafeMarkup(renderMessageHtml(everywhere(text)));
      }),
      { numRuns: 300 },
    );
  });

  it("shows hostile text literally, as Discord would", () => {
    const html = renderMessageHtml({ content: "<script>alert(1)</script>", embeds: [{ title: '"><b>x</b>' }] });
    expect(visibleText(html)).toContain("<script>alert(1)</script>");
    expect(visibleText(html)).toContain('"><b>x</b>');
    expect(html).not.toContain("<script>");
  });

  it("never links to anything but http(s)", () => {
    const html = renderMessageHtml({ embeds: [{ title: "t", url: "javascript:alert(1)", author: { name: "a", url: "data:text/html,x" } }] });
    expect(html).not.toContain("href");
  });
});

describe("renderMessageHtml: Discord's layout", () => {
  it("draws username, content and an embed's parts with its colour bar", () => {
    const html = renderMessageHtml(
      {
        username: "Acme Status",
        content: "Heads up",
        embeds: [
          {
            title: "Deploy",
            url: "https://example.com/d",
            description: "**done**",
            color: 0x3498db,
            author: { name: "CI", url: "https://example.com/ci" },
            thumbnail: { url: "https://example.com/t.png" },
            image: { url: "https://example.com/i.png" },
            footer: { text: "Acme" },
            timestamp: "2026-12-01T08:00:00.000Z",
          },
        ],
      },
      { timestamp: new Date("2026-12-01T08:01:00Z") },
    );
    expect(html).toContain('<span class="dm-username">Acme Status</span>');
    expect(html).toContain('<time class="dm-time" datetime="2026-12-01T08:01:00.000Z">2026-12-01 08:01 UTC</time>');
    expect(html).toContain('data-color="#3498db" style="border-left-color:#3498db"');
    expect(html).toContain('<div class="dm-embed-title"><a href="https://example.com/d"');
    expect(html).toContain('<a class="dm-embed-author-name" href="https://example.com/ci"');
    expect(html).toContain('<strong class="md-bold">done</strong>');
    expect(html).toContain('class="dm-embed-thumbnail dm-media-box" title="https://example.com/t.png"');
    expect(html).toContain('class="dm-embed-image dm-media-box" title="https://example.com/i.png"');
    expect(html).toContain('<span class="dm-footer-text">Acme</span><span class="dm-sep">•</span><time class="dm-footer-time" datetime="2026-12-01T08:00:00.000Z">2026-12-01 08:00 UTC</time>');
    expect(html).not.toMatch(/<img|src=/); // nothing is loaded
  });

  it("puts inline fields three to a row (two beside a thumbnail); a field that is not inline takes a row", () => {
    const f = (name: string, inline = true) => ({ name, value: "v", inline });
    const columns = (html: string) => [...html.matchAll(/grid-column:(\d+ \/ \d+)/g)].map((m) => m[1]);
    const plain = renderMessageHtml({ embeds: [{ fields: [f("a"), f("b"), f("c"), f("d"), f("e", false), f("g")] }] });
    expect(columns(plain)).toEqual(["1 / 5", "5 / 9", "9 / 13", "1 / 13", "1 / 13", "1 / 13"]);
    const thumb = renderMessageHtml({ embeds: [{ thumbnail: { url: "https://x.example/t.png" }, fields: [f("a"), f("b"), f("c")] }] });
    expect(columns(thumb)).toEqual(["1 / 7", "7 / 13", "1 / 13"]);
  });

  it("accepts a record that carries the body (FakeMessage, CapturedMessage) and takes its time", () => {
    const html = renderMessageHtml({ body: { content: "hi" }, receivedAt: new Date("2026-01-02T03:04:05Z") });
    expect(html).toContain("2026-01-02 03:04 UTC");
    expect(html).toContain('<div class="dm-content">hi</div>');
  });

  it("shows no time for an invalid date instead of throwing (option, record and embed timestamp)", () => {
    const bad = new Date("not a date");
    const fromOption = renderMessageHtml({ content: "hi" }, { timestamp: bad });
    const fromRecord = renderMessageHtml({ body: { content: "hi", embeds: [{ title: "t", timestamp: "2026-13-45" }] }, receivedAt: bad });
    for (const html of [fromOption, fromRecord]) {
      assertSafeMarkup(html);
      expect(html).toContain('<div class="dm-content">hi</div>');
      expect(html).not.toContain("<time");
    }
  });

  it("renders every builder's embed, and survives garbage where an embed should be", () => {
    for (const [name, input] of Object.entries(SAMPLE_INPUTS)) {
      const embed = (embeds as Record<string, (i: unknown) => { title?: string }>)[name]!(input);
      const html = renderMessageHtml({ embeds: [embed] });
      assertSafeMarkup(html);
      expect(visibleText(html), name).toContain(embed.title ?? "");
    }
    assertSafeMarkup(renderMessageHtml({ embeds: [null, 3, "x", { fields: [null, { name: 5 }] }], content: 7, username: {} }));
  });

  it("hides embeds of a message with SUPPRESS_EMBEDS", () => {
    const html = renderMessageHtml({ flags: 4, embeds: [{ title: "secret title" }] });
    expect(html).not.toContain("secret title");
    expect(html).toContain("1 embed(s) suppressed");
  });
});
