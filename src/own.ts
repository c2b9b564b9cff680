/**
 * Reading caller objects by their own properties only. Elsewhere in a host, a prototype pollution
 * (`Object.prototype.isAdmin = true`, from a vulnerable merge or query parser) makes every object "have" that key:
 * `actor.isAdmin`, `options.username`, `parsed.scopes` would all read it. Inputs are copied into null-prototype
 * objects before they are validated, and validated data is handed on the same way, so a key nobody passed reads
 * `undefined`.
 */

/** How deep {@link ownData} copies; deeper values are replaced by an empty copy (no input of ours nests this far). */
const MAX_DEPTH = 32;

/**
 * A copy of `value` that holds only its own data: plain objects (and null-prototype ones) become null-prototype
 * objects with their own enumerable string keys, arrays are copied index by index (a hole reads `undefined`, not an
 * inherited index). Anything else (a `Date`, an `Error`, a class instance, a function) is kept as it is. Shared and
 * cyclic references are copied once.
 */
export function ownData<T>(value: T): T {
  return typeof value === "object" && value !== null ? (copy(value, new Map(), 0) as T) : value;
}

function copy(value: unknown, seen: Map<object, unknown>, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  const isArray = Array.isArray(value);
  if (!isArray) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
  }
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (isArray) {
    const source = value as unknown[];
    const out: unknown[] = [];
    seen.set(value, out);
    if (depth < MAX_DEPTH) {
      for (let i = 0; i < source.length; i++) out.push(Object.hasOwn(source, i) ? copy(source[i], seen, depth + 1) : undefined);
    }
    return out;
  }
  // Filled as a plain object, then cut from Object.prototype: V8 keeps such an object in fast mode (one created
  // with a null prototype is a hash table: 2-3x the memory, slower to read and to serialise).
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  if (depth < MAX_DEPTH) {
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source)) {
      const item = copy(source[key], seen, depth + 1);
      // Assigning `__proto__` would set the prototype: it is defined as an own property, like any key.
      if (key === "__proto__") Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      else out[key] = item;
    }
  }
  return Object.setPrototypeOf(out, null) as Record<string, unknown>;
}

/** `object[key]` when `object` has it as its own property, else `undefined` (never an inherited value). */
export function ownProperty(object: unknown, key: PropertyKey): unknown {
  if ((typeof object !== "object" && typeof object !== "function") || object === null) return undefined;
  return Object.hasOwn(object, key) ? (object as Record<PropertyKey, unknown>)[key] : undefined;
}

/**
 * `base` (an {@link ownData} copy) with the fields of `extra` (copied the same way), in a new object without a
 * prototype: a field neither has reads as `undefined`, whatever a polluted `Object.prototype` holds. A spread into
 * an object literal would give the result `Object.prototype` back.
 */
export function withOwnFields<T extends object, U extends object>(base: T, extra: U): T & U {
  const out = { ...base, ...ownData(extra) };
  Object.setPrototypeOf(out, null);
  return out;
}
