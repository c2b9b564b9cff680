import { describe, expect, it } from "vitest";
import { embeds } from "../../src/index.js";
import { markdownToHtml } from "../../src/render/markdown.js";
import { visibleText } from "./inbox-html.js";

describe("Discord's markdown subset", () => {
  const cases: [string, string][] = [
    ["**bold** *it* _it_ __u__ ~~s~~", '<strong class="md-bold">bold</strong> <em class="md-italic">it</em> <em class="md-italic">it</em> <u class="md-underline">u</u> <s class="md-strike">s</s>'],
    ["***both***", '<strong class="md-bold"><em class="md-italic">both</em></strong>'],
    ["`a <b>`", '<code class="md-code">a &lt;b&gt;</code>'],
    ["```js\nconst a = 1;\n```", '<pre class="md-codeblock"><code>const a = 1;</code></pre>'],
    ["```\n**not bold**\n```", '<pre class="md-codeblock"><code>**not bold**</code></pre>'],
    ["```\n\n\nunclosed", "```<br><br><br>unclosed"],
    ["`` a`b ``", '<code class="md-code">a`b</code>'],
    ["```a`", '<code class="md-code">``a</code>'],
    ["````", "````"],
    ["> quoted\n> twice\nafter", '<blockquote class="md-quote">quoted<br>twice</blockquote>after'],
    [">>> all\nthe rest", '<blockquote class="md-quote">all<br>the rest</blockquote>'],
    ["a > b", "a &gt; b"],
    ["\\*not italic\\* \\_nor\\_ \\`code\\`", "*not italic* _nor_ `code`"],
    ["mc\\_\\*prod\\*\\_1", "mc_*prod*_1"],
    ["[docs](https://example.com/a?b=1&c=2)", '<a class="md-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noreferrer noopener">docs</a>'],
    ["see https://example.com/x.", 'see <a class="md-link" href="https://example.com/x" target="_blank" rel="noreferrer noopener">https://example.com/x</a>.'],
    ["[x](javascript:alert(1))", "[x](javascript:alert(1))"],
    ["snake_case_name", "snake_case_name"],
    ["||spoiler||", '<span class="md-spoiler">spoiler</span>'],
    ["line\nline", "line<br>line"],
    ["# Big\nbody", '<div class="md-h md-h1">Big</div>body'],
    ["### **Small**", '<div class="md-h md-h3"><strong class="md-bold">Small</strong></div>'],
    ["-# fine print", '<div class="md-subtext">fine print</div>'],
    ["- a\n  - b\n2. c", '<div class="md-li md-li-0"><span class="md-li-mark">•</span>a</div><div class="md-li md-li-1"><span class="md-li-mark">•</span>b</div><div class="md-li md-li-0"><span class="md-li-mark">2.</span>c</div>'],
    ["\\# not a heading, \\- not a list", "# not a heading, - not a list"],
    ["a # b - c", "a # b - c"],
    ["<@123456789012345678> <@&42> <#7>", '<span class="md-mention">@user 123456789012345678</span> <span class="md-mention">@role 42</span> <span class="md-mention">#channel 7</span>'],
    ["<@\u200b123>", "&lt;@\u200b123&gt;"],
    ["<t:1764576000:R>", '<time class="md-timestamp" datetime="2025-12-01T08:00:00.000Z" title="style R">2025-12-01 08:00 UTC</time>'],
  ];
  it.each(cases)("%j", (input, html) => {
    expect(markdownToHtml(input)).toBe(html);
  });

  it("shows what the builders escaped exactly as the user typed it", () => {
    const embed = embeds.serverStateChange({ serverName: "mc_*prod*_1 **x** `y` <b>", state: "online" });
    expect(visibleText(markdownToHtml(embed.description ?? ""))).toContain("mc_*prod*_1 **x** `y` <b>");
  });
});
