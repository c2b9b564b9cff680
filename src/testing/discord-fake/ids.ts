import { randomBytes } from "node:crypto";

/** Discord's epoch (2015-01-01), the zero of snowflake timestamps. */
const DISCORD_EPOCH = 1_420_070_400_000n;
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
let sequence = 0n;

/** A made-up snowflake: the current time in Discord's layout, unique within the process. */
export function makeSnowflake(): string {
  sequence = (sequence + 1n) & 0x3fffffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | sequence).toString();
}

/** A made-up webhook token: 68 characters of `[A-Za-z0-9_-]`, like Discord's. */
export function makeToken(length = 68): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const b of bytes) out += TOKEN_ALPHABET.charAt(b & 63);
  return out;
}

/** A bucket id shaped like Discord's (32 hex characters). */
export function makeBucketId(): string {
  return randomBytes(16).toString("hex");
}
