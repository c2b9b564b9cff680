/**
 * Ids shaped like the ones Prisma's `@default(cuid())` writes (cuid v1): 25 lower-case base-36 characters starting
 * with "c": a millisecond timestamp, a per-process counter, a per-process fingerprint and random characters. Rows the
 * package creates then look like the rows the host's own Prisma code creates in the same table, and sort by time of
 * creation. Written here (a few lines) so the adapters need no id library.
 */

const BASE = 36;
const BLOCK = 4;
const DISCRETE = BASE ** BLOCK;

/** Random 32-bit values drawn in batches: one `getRandomValues` call per 256 values instead of one per value. */
const pool = new Uint32Array(256);
let drawn = pool.length;

let counter = randomBlockValue();
const fingerprint = randomBlock();

/** A new cuid-like id, e.g. `"cmk2x8q1a0000abcd1234wxyz"`. Unique within a process; collision-resistant across. */
export function cuid(): string {
  counter = (counter + 1) % DISCRETE;
  return `c${Date.now().toString(BASE).padStart(8, "0")}${pad(counter)}${fingerprint}${randomBlock()}${randomBlock()}`;
}

/** Whether a string has the shape {@link cuid} (and Prisma's `cuid()`) produces. */
export function isCuid(id: string): boolean {
  return /^c[0-9a-z]{24}$/.test(id);
}

function randomBlockValue(): number {
  if (drawn === pool.length) {
    crypto.getRandomValues(pool);
    drawn = 0;
  }
  const value = pool[drawn] ?? 0;
  drawn += 1;
  return value % DISCRETE;
}

function randomBlock(): string {
  return pad(randomBlockValue());
}

function pad(value: number): string {
  return value.toString(BASE).padStart(BLOCK, "0").slice(-BLOCK);
}
