/**
 * `discord-webhook-dispatcher/postgres`: durable, multi-process delivery state on PostgreSQL alone (`pg`, an optional
 * peer dependency). Pass it as `createDispatcher({ store, queue: postgresQueue({ connection }) })`.
 * @packageDocumentation
 */
export { postgresQueue, type PostgresConnection, type PostgresDeliveryState, type PostgresQueueOptions } from "./state.js";
export { ddl as postgresQueueDdl } from "./schema.js";
