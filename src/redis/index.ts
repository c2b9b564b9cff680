/**
 * `discord-webhook-dispatcher/redis`: durable, multi-process delivery state on Redis (BullMQ + ioredis, optional
 * peer dependencies). Pass it as `createDispatcher({ store, queue: redisQueue({ connection }) })`.
 * @packageDocumentation
 */
export { redisQueue, type RedisDeliveryState } from "./state.js";
export type { RedisQueueOptions } from "./options.js";
export type { RedisConnection } from "./connection.js";
export { redisDeliveryLog, type RedisDeliveryLogOptions } from "./delivery-log.js";
