/**
 * The span finders of the renderer's markdown, in linear time. Each answers "where does the span opened here end?"
 * exactly as Discord's patterns would, but from memos that only move forward: a closer searched once is never
 * searched again, and an opener that cannot close tells the next ones so. One parse call thus visits each
 * character a bounded number of times, however many unclosed `*`, `` ` `` or `[` a message holds.
 * `work.steps` counts the characters visited: a deterministic measure for tests, no clock involved.
 */

/** Characters visited, summed over every parse call of one render. */
export interface Work {
  steps: number;
}

/** What a rule matched at a position: its HTML and how many characters it took. */
export interface Piece {
  html: string;
  length: number;
}

interface Cursor {
  from: number;
  found: number;
}

const SPACE = /\s/;
const WORDISH = /[0-9A-Za-z\s\u00c0-\uffff]/;
const WORD = /[A-Za-z0-9_]/;

/** One parse call's view of its text: the memos live as long as the call. */
export class Scan {
  private readonly cursors = new Map<string, Cursor>();
  private readonly emphasisMemo = new Map<string, Int32Array>();
  private runs: { starts: Map<number, number[]>; pointers: Map<number, number>; endAt: Int32Array } | null = null;
  private codeFailsBefore = -1;

  constructor(
    readonly src: string,
    private readonly work: Work,
  ) {}

  /** The first `j >= from` where `test(j)`, or -1. Amortised linear while `from` grows, as a parse moves forward. */
  seek(kind: string, from: number, test: (j: number) => boolean): number {
    const c = this.cursors.get(kind);
    if (c && from >= c.from && (c.found === -1 || c.found >= from)) return c.found;
    let j = from;
    while (j < this.src.length && !test(j)) j += 1;
    this.work.steps += j - from + 1;
    const found = j < this.src.length ? j : -1;
    this.cursors.set(kind, { from, found });
    return found;
  }

  /** The first index `>= from` whose character passes `test` (or the text's end); `kind` names the test. */
  nextWhere(kind: string, from: number, test: (c: string) => boolean): number {
    const j = this.seek(kind, from, (k) => test(this.src.charAt(k)));
    return j === -1 ? this.src.length : j;
  }

  /**
   * `dd([\s\S]+?)dd` (with `(?!d)` when `noThird`): the index of the closing pair of a span opened at `p`, or -1.
   */
  pairCloser(p: number, d: string, noThird: boolean): number {
    const s = this.src;
    return this.seek(`pair:${d}`, p + 3, (j) => s[j] === d && s[j + 1] === d && !(noThird && s[j + 2] === d));
  }

  /**
   * Discord's `*` and `_` emphasis (`^\*(?=\S)((?:\*\*|\\[\s\S]|\s+(?:\\[\s\S]|[^\s*\\]|\*\*)|[^\s*\\])+?)\*(?!\*)`
   * and `^_((?:__|\\[\s\S]|[^\\_])+?)_(?![A-Za-z0-9_])`): the end of the span opened at `p`, or -1. Both patterns
   * are deterministic, so what follows a token boundary depends on the boundary alone: it is worked out once.
   */
  emphasisEnd(p: number, mark: "*" | "_"): number {
    if (mark === "*" && (p + 1 >= this.src.length || this.space(p + 1))) return -1;
    const first = this.token(p + 1, mark);
    if (first < 0) return -1;
    let memo = this.emphasisMemo.get(mark);
    if (!memo) {
      memo = new Int32Array(this.src.length + 1).fill(-2);
      this.emphasisMemo.set(mark, memo);
    }
    const path: number[] = [];
    let j = first;
    let result: number;
    for (;;) {
      const known = memo[j] ?? -1;
      if (known !== -2) {
        result = known;
        break;
      }
      path.push(j);
      this.work.steps += 1;
      if (this.closes(j, mark)) {
        result = j + 1;
        break;
      }
      const next = this.token(j, mark);
      if (next < 0) {
        result = -1;
        break;
      }
      j = next;
    }
    for (const k of path) memo[k] = result;
    return result;
  }

  /**
   * Inline code as Discord's `/^(`+)([\s\S]*?[^`])\1(?!`)/` finds it: the longest opening run of n backticks for
   * which a later run of exactly n follows. Returns the content's bounds and the span's end, or `null`.
   */
  inlineCode(p: number): { from: number; to: number; end: number } | null {
    if (p < this.codeFailsBefore) return null; // a shorter tail of a run that could not close cannot either
    const runs = this.backtickRuns();
    const end = runs.endAt[p] ?? p;
    for (let n = end - p; n >= 1; n--) {
      this.work.steps += 1;
      const starts = runs.starts.get(n);
      if (!starts || (starts.at(-1) ?? -1) <= end) continue;
      let i = runs.pointers.get(n) ?? 0;
      if (i > 0 && (starts[i - 1] ?? 0) > end) i = 0;
      while ((starts[i] ?? Infinity) <= end) {
        i += 1;
        this.work.steps += 1;
      }
      runs.pointers.set(n, i);
      const at = starts[i] ?? -1;
      return { from: p + n, to: at, end: at + n };
    }
    this.codeFailsBefore = end;
    return null;
  }

  /**
   * The end of plain text starting at `i` (at least one character): before punctuation, a line break or an
   * `http(s)://` (the only rule that can start inside a word).
   */
  textEnd(i: number): number {
    const s = this.src;
    let j = i + 1;
    while (j < s.length) {
      const c = s.charAt(j);
      if (c === "\n" || !WORDISH.test(c) || (c === "h" && startsWithHttp(s, j))) break;
      j += 1;
    }
    this.work.steps += j - i;
    return j;
  }

  /** Counts characters a caller examined itself (block rules, escaping). */
  spend(n: number): void {
    this.work.steps += n;
  }

  private space(j: number): boolean {
    return j < this.src.length && SPACE.test(this.src.charAt(j));
  }

  private closes(j: number, mark: "*" | "_"): boolean {
    const s = this.src;
    if (s[j] !== mark) return false;
    return mark === "*" ? s[j + 1] !== "*" : !WORD.test(s.charAt(j + 1));
  }

  /** The boundary after one content token at `j`, or -1 when none fits. */
  private token(j: number, mark: "*" | "_"): number {
    const s = this.src;
    if (j >= s.length) return -1;
    if (s[j] === mark) return s[j + 1] === mark ? j + 2 : -1;
    if (s[j] === "\\") return j + 1 < s.length ? j + 2 : -1;
    if (mark === "_" || !this.space(j)) return j + 1;
    let k = j;
    while (this.space(k)) k += 1;
    this.work.steps += k - j;
    if (s[k] === "\\") return k + 1 < s.length ? k + 2 : -1;
    if (s[k] === "*") return s[k + 1] === "*" ? k + 2 : -1;
    return k < s.length ? k + 1 : -1;
  }

  private backtickRuns(): NonNullable<Scan["runs"]> {
    if (this.runs) return this.runs;
    const s = this.src;
    const starts = new Map<number, number[]>();
    const endAt = new Int32Array(s.length);
    for (let i = 0; i < s.length; ) {
      if (s.charCodeAt(i) !== 96) {
        i += 1;
        continue;
      }
      let e = i;
      while (s.charCodeAt(e) === 96) e += 1;
      const list = starts.get(e - i) ?? [];
      list.push(i);
      starts.set(e - i, list);
      endAt.fill(e, i, e);
      i = e;
    }
    this.work.steps += s.length;
    this.runs = { starts, pointers: new Map(), endAt };
    return this.runs;
  }
}

/** Whether `http://` or `https://` starts at `i`. */
export function startsWithHttp(s: string, i: number): boolean {
  return s.startsWith("http://", i) || s.startsWith("https://", i);
}
