/**
 * `discord-webhook-dispatcher/redis`: durable, multi-process delivery state on Redis (BullMQ + ioredis).
 * @packageDocumentation
 */
export type { RedisConnection } from "./connection.js";
