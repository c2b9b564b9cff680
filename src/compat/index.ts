/**
 * `discord-webhook-dispatcher/compat`: the migration kit for platforms that had their own hand-written dispatcher.
 * The legacy function set (`createLegacyDispatch`), `changedFields` for settings updates, error alerts for route
 * handlers (`withErrorAlerts`, `errorAlerts`) and `timedSync`. See docs/migration.md.
 * @packageDocumentation
 */
export {
  createLegacyDispatch,
  NO_WEBHOOK,
  type LegacyDispatch,
  type LegacyDispatchError,
  type LegacyDispatchOptions,
  type LegacyDispatchResult,
} from "./legacy.js";
export { changedFields, SECRET_SETTING, type ChangedFieldsOptions } from "./changed-fields.js";
export { errorAlerts, errorFingerprint, withErrorAlerts, type ErrorAlertOptions, type ErrorAlertRequest } from "./error-alerts.js";
export { timedSync, type TimedSyncOptions } from "./timed-sync.js";
