import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownSteps, markdownToHtml } from "../../src/render/markdown.js";

// Each family repeats a unit that opens a span which never closes (or closes far away): the shapes that made the
// old renderer quadratic. The measure is the renderer's own step counter, so the test is deterministic.
const FAMILIES: Record<string, (n: number) => string> = {
  backticks: (n) => "`".repeat(n),
  "backtick runs": (n) => "`` a ".repeat(n / 5),
  stars: (n) => "*a".repeat(n / 2),
  "stars and spaces": (n) => "*a **".repeat(n / 5),
  underscores: (n) => "_a__".repeat(n / 4),
  "lone underscores": (n) => "_".repeat(n),
  strikes: (n) => "~~a".repeat(n / 3),
  spoilers: (n) => "||a".repeat(n / 3),
  bold: (n) => "**a".repeat(n / 3),
  "link texts": (n) => "[a".repeat(n / 2),
  "link urls": (n) => "[a](http://x".repeat(n / 12),
  autolinks: (n) => "<http://a".repeat(n / 9),
  "bare urls": (n) => "http://.".repeat(n / 8),
  "word colons": (n) => `${"a".repeat(n - 2)}:b`,
  escapes: (n) => "\\".repeat(n),
  fences: (n) => "```\n\n".repeat(n / 5),
  quotes: (n) => "> *a\n".repeat(n / 5),
  "legal description": (n) => "**Server** `mc-1` _crashed_ ~~twice~~ ||x|| [log](https://example.com/l) <@123> ".repeat(n / 80),
};

describe("markdownToHtml costs time linear in the text", () => {
  it.each(Object.entries(FAMILIES))("%s: twice the text costs about twice the steps, a small constant per character", (_name, make) => {
    const small = markdownSteps(make(8000));
    const large = markdownSteps(make(16000));
    expect(large / small).toBeLessThan(2.3);
    expect(large).toBeLessThan(40 * 16000);
  });

  it("still renders what the old renderer rendered for these shapes", () => {
    expect(markdownToHtml("``` `a` ```")).toBe('<pre class="md-codeblock"><code> `a` </code></pre>');
    expect(markdownToHtml("`` ` ``` `")).toBe('<code class="md-code">`</code> <code class="md-code">``</code>');
    expect(markdownToHtml("*a **b** c*")).toBe('<em class="md-italic">a <strong class="md-bold">b</strong> c</em>');
    expect(markdownToHtml("_a __b__ c_")).toBe('<em class="md-italic">a <u class="md-underline">b</u> c</em>');
    expect(markdownToHtml("*a *b")).toBe("*a *b");
    expect(markdownToHtml("<https://a.example/x> https://b.example/y).")).toBe(
      '<a class="md-link" href="https://a.example/x" target="_blank" rel="noreferrer noopener">https://a.example/x</a> ' +
        '<a class="md-link" href="https://b.example/y" target="_blank" rel="noreferrer noopener">https://b.example/y</a>).',
    );
  });
});

describe("the renderer's and the inbox's modules", () => {
  it("import each other without a cycle", () => {
    const deps = new Map<string, string[]>();
    for (const folder of ["../../src/render", "../../src/testing/inbox"]) {
      const dir = join(import.meta.dirname, folder);
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
        const text = readFileSync(join(dir, file), "utf8");
        deps.set(`${folder}/${file}`, [...text.matchAll(/from "\.\/([\w-]+)\.js"/g)].map((m) => `${folder}/${m[1] ?? ""}.ts`));
      }
    }
    const cycle = (file: string, path: string[]): string[] | null => {
      if (path.includes(file)) return [...path, file];
      for (const next of deps.get(file) ?? []) {
        const found = cycle(next, [...path, file]);
        if (found) return found;
      }
      return null;
    };
    for (const file of deps.keys()) expect(cycle(file, [])).toBeNull();
  });
});
