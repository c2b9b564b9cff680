/**
 * `changedFields(before, after)`: which settings changed, by name, for the settings-update event. Values never leave
 * this function; names that look like secrets are replaced by one "a secret setting".
 */

/** What a secret setting's name is shown as (once, however many secrets changed). */
export const SECRET_SETTING = "a secret setting";

/** Names that are secrets whatever the host says: `*password*`, `*token*`, `*secret*`, `*key*`, any case. */
const SECRET_NAME = /password|token|secret|key/i;
/** Deeper than this, values are compared as a whole (and cycles end). */
const MAX_DEPTH = 32;

/** Options of {@link changedFields}. */
export interface ChangedFieldsOptions {
  /**
   * Settings to leave out: a string is a path (`"updatedAt"`, `"smtp.lastCheck"`; it covers what is below it too),
   * compared case-insensitively; a RegExp is tested against the dotted path.
   */
  ignore?: readonly (string | RegExp)[];
  /**
   * More names to mask as {@link SECRET_SETTING}, besides `*password*`, `*token*`, `*secret*` and `*key*`: a string
   * matches a whole path or any one segment of it, case-insensitively; a RegExp is tested against the dotted path.
   */
  secret?: readonly (string | RegExp)[];
}

/**
 * The names of the settings that differ between `before` and `after`, in the order found (keys of `before`, then
 * keys only `after` has). Nested plain objects give dotted paths (`"smtp.host"`); arrays, dates and other values are
 * compared by value and named as a whole. A name with a secret-looking segment (`*password*`, `*token*`, `*secret*`,
 * `*key*`, any case) or matching `options.secret` becomes {@link SECRET_SETTING}, listed once. Never returns a value.
 * `null` or `undefined` on either side reads as an empty object. Feed the result to `settingsUpdate({ changedFields })`.
 *
 * @example
 * ```ts
 * changedFields({ smtp: { host: "a", password: "x" }, tags: ["a"] }, { smtp: { host: "b", password: "y" }, tags: ["a"] })
 * // ["smtp.host", "a secret setting"]
 * ```
 */
export function changedFields(before: object | null | undefined, after: object | null | undefined, options: ChangedFieldsOptions = {}): string[] {
  const paths: string[] = [];
  walk(before ?? {}, after ?? {}, "", 0, paths);
  const out: string[] = [];
  for (const path of paths) {
    if (matches(path, options.ignore, true)) continue;
    const name = SECRET_NAME.test(path) || matches(path, options.secret, false) ? SECRET_SETTING : path;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function walk(a: unknown, b: unknown, prefix: string, depth: number, out: string[]): void {
  const objA = isPlain(a) || a === undefined || a === null;
  const objB = isPlain(b) || b === undefined || b === null;
  // Descend when both sides are plain objects, or one is and the other is missing (a section added or removed).
  if (prefix === "" || (objA && objB && (isPlain(a) || isPlain(b)) && depth < MAX_DEPTH)) {
    const left = isPlain(a) ? a : {};
    const right = isPlain(b) ? b : {};
    const keys = [...Object.keys(left), ...Object.keys(right).filter((k) => !Object.hasOwn(left, k))];
    for (const key of keys) walk(left[key], right[key], prefix === "" ? key : `${prefix}.${key}`, depth + 1, out);
    return;
  }
  if (!equal(a, b, 0)) out.push(prefix);
}

/** Deep equality by value: dates by time, arrays by items, plain objects by own keys. */
function equal(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (depth > MAX_DEPTH || typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => equal(v, b[i], depth + 1));
  }
  const ka = Object.keys(a);
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(ra[k], rb[k], depth + 1));
}

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `path` matches one of `rules`: a RegExp on the path; a string on the path (or, `prefix`, what is under it, else any segment). */
function matches(path: string, rules: readonly (string | RegExp)[] | undefined, prefix: boolean): boolean {
  if (!rules) return false;
  const lower = path.toLowerCase();
  const segments = lower.split(".");
  return rules.some((rule) => {
    if (typeof rule !== "string") return new RegExp(rule.source, rule.flags.replace("g", "")).test(path);
    const r = rule.toLowerCase();
    return lower === r || (prefix ? lower.startsWith(`${r}.`) : segments.includes(r));
  });
}
