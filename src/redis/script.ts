/**
 * Runs a Lua script by its SHA1 (EVALSHA), loading it on the first NOSCRIPT. Scripts keep every multi-key change
 * atomic, so two processes never see a half-made push, reservation or settlement.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** A Lua script with its SHA1. */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

/** Wraps Lua source. */
export function lua(source: string): LuaScript {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** Runs `script` with `keys` and `args`; the result is whatever the script returns. */
export async function runScript(client: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  }
}
