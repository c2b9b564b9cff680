import { describe, expect, it } from "vitest";
import { renderMessageHtml } from "../../src/render/index.js";

const link = (label: string, url: string): unknown => ({ type: 2, style: 5, label, url });

describe("renderMessageHtml: buttons, attachments, silent, edited", () => {
  it("renders link buttons as links, escaped, and never a javascript: URL", () => {
    const html = renderMessageHtml({
      content: "x",
      components: [{ type: 1, components: [link("Open <panel>", "https://panel.example/s?a=1&b=2"), link("bad", "javascript:alert(1)"), { type: 2, style: 1, label: "Restart", custom_id: "r" }] }],
    });
    expect(html).toContain('<a class="dm-button" href="https://panel.example/s?a=1&amp;b=2"');
    expect(html).toContain("Open &lt;panel&gt;");
    expect(html).not.toContain("javascript:");
    expect(html.match(/dm-button-disabled/g)).toHaveLength(2);
  });

  it("shows a record's kept components, not the body's dropped ones", () => {
    const record = { body: { content: "x", components: [{ type: 1, components: [link("dropped", "https://a.example/")] }] }, components: [] };
    expect(renderMessageHtml(record)).not.toContain("dm-button");
  });

  it("renders attachments: images with a URL inline, other files as cards with name and size", () => {
    const html = renderMessageHtml(
      { content: "x" },
      {
        attachments: [
          { filename: "chart.png", contentType: "image/png", size: 2048, url: "/inbox/attachments/1" },
          { filename: "crash<1>.log", contentType: "text/plain", size: 1763 },
          { filename: "remote.png", contentType: "image/png", url: "javascript:alert(1)" },
        ],
      },
    );
    expect(html).toContain('<img src="/inbox/attachments/1" alt="chart.png"');
    expect(html).toContain('<span class="dm-file-name">crash&lt;1&gt;.log</span><span class="dm-file-size">1.72 KB</span>');
    expect(html).toContain('<span class="dm-file-name">remote.png</span>');
    expect(html).not.toContain("javascript:");
  });

  it("reads a record's attachments (a FakeMessage) and a body's named files", () => {
    expect(renderMessageHtml({ body: { content: "x" }, attachments: [{ filename: "a.txt", size: 3, contentType: "text/plain" }] })).toContain("3 bytes");
    expect(renderMessageHtml({ content: "x", attachments: [{ id: 0, filename: "b.txt" }] })).toContain('<span class="dm-file-name">b.txt</span>');
  });

  it("marks a message sent with SUPPRESS_NOTIFICATIONS as @silent, from the body or the record's flags", () => {
    expect(renderMessageHtml({ content: "x", flags: 4096 })).toContain('class="dm-silent"');
    expect(renderMessageHtml({ body: { content: "x" }, flags: 4096 | 4 })).toContain("@silent");
    expect(renderMessageHtml({ content: "x", flags: 4 })).not.toContain("dm-silent");
  });

  it('shows "(edited)" with every earlier version, escaped, in a details element and its title', () => {
    const at = new Date("2026-12-03T07:00:00Z");
    const html = renderMessageHtml({ body: { content: "v3" }, edits: [{ at, previous: { content: "v1 <b>" } }, { at, previous: { embeds: [{ title: "v2" }] } }] });
    expect(html).toContain("<summary");
    expect(html).toContain(">(edited)</summary>");
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html).toContain("v1 &lt;b&gt;");
    expect(html).toContain("embed: v2");
    expect(renderMessageHtml({ content: "never edited" })).not.toContain("(edited)");
  });
});
