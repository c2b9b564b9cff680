/**
 * The delivery log: the port, the in-memory implementation and the helpers adapters share.
 * @packageDocumentation
 */
export { memoryDeliveryLog } from "./memory.js";
export type { MemoryDeliveryLogOptions } from "./memory.js";
export { DEFAULT_LOG_BODY_BYTES, DEFAULT_LOG_PER_WEBHOOK, DELIVERY_STATUSES } from "./types.js";
export type { DeliveryLog, DeliveryLogEntry, DeliveryLogQuery, DeliveryLogRetention, DeliveryStatus } from "./types.js";
export { disabledBy } from "./entry.js";
