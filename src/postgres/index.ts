/**
 * `discord-webhook-dispatcher/postgres`: durable, multi-process delivery state on PostgreSQL alone (`pg`, an optional
 * peer dependency). Pass it as `createDispatcher({ store, queue: postgresQueue({ connection }) })`.
 * @packageDocumentation
 */
export { postgresQueue } from "./state.js";
export type { PostgresConnection, PostgresDeliveryState, PostgresQueueOptions } from "./types.js";
export { ddl as postgresQueueDdl } from "./schema.js";
