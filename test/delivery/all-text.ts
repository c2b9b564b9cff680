/** Every string reachable from `value`: own properties, error messages, stacks and causes, recursively. */
export function allText(value: unknown, seen = new WeakSet<object>()): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [String(value)];
  if (seen.has(value)) return [];
  seen.add(value);
  const out: string[] = [];
  if (value instanceof Error) out.push(value.message, value.stack ?? "", String(value), ...allText(value.cause, seen));
  for (const key of Object.getOwnPropertyNames(value)) out.push(key, ...allText((value as Record<string, unknown>)[key], seen));
  try {
    out.push(JSON.stringify(value));
  } catch {
    // Cycles: the recursive walk above covered them.
  }
  return out;
}
