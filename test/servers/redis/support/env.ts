/** Redis server tests never skip: without REDIS_URL they fail (scripts/ci-redis.sh starts a server and sets it). */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export function requireRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set: the Redis tests need a real server (scripts/ci-redis.sh starts one and sets it).");
  return url;
}

/** A prefix no other test uses, so suites can share one server. */
export function freshPrefix(): string {
  return `t${randomBytes(5).toString("hex")}`;
}

/** A plain client for checks from the outside. */
export function rawClient(): Redis {
  return new Redis(requireRedisUrl(), { maxRetriesPerRequest: 1 });
}

/** Every key under `prefix` with a printable dump of its value, for the "no URL or token in Redis" checks. */
export async function dumpPrefix(client: Redis, prefix: string): Promise<{ key: string; ttl: number; value: string }[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  const out: { key: string; ttl: number; value: string }[] = [];
  for (const key of keys) {
    const type = await client.type(key);
    // Expired or deleted since the scan.
    if (type === "none") continue;
    let value: unknown;
    if (type === "string") value = await client.get(key);
    else if (type === "hash") value = await client.hgetall(key);
    else if (type === "list") value = await client.lrange(key, 0, -1);
    else if (type === "set") value = await client.smembers(key);
    else if (type === "zset") value = await client.zrange(key, "0", "-1", "WITHSCORES");
    else if (type === "stream") value = await client.xrange(key, "-", "+");
    out.push({ key, ttl: await client.pttl(key), value: value === undefined ? "" : JSON.stringify(value) });
  }
  return out;
}
