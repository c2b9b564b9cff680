/** The package root lists its public API by name (issue 16): no internals; the state ports' runtime parts in `/state`. */
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as state from "../../src/state.js";
import * as testing from "../../src/testing/index.js";

describe("entry points", () => {
  it("the root exports the documented API and none of the internals it used to leak", () => {
    for (const name of ["createDispatcher", "createWebhookManager", "createWebhookRoutes", "embeds", "fetchTransport", "memoryQueue", "memoryIncidentState", "renderMessageHtml", "redact", "ValidationError", "StoreError"]) {
      expect(root, name).toHaveProperty(name);
    }
    for (const name of ["parseOrThrow", "toIssues", "packBy", "backoffDelay", "DEFAULT_RETRY", "scrubTokens", "lookalikeReason", "createWebhookSchema", "disabledBy"]) {
      expect(root, name).not.toHaveProperty(name);
    }
  });

  it("/state exports the in-process states; /testing every port's conformance suite", () => {
    expect(Object.keys(state).sort()).toEqual(["memoryIncidentState", "memoryQueue"]);
    for (const name of ["runStoreConformance", "runDeliveryLogConformance", "runDeliveryStateConformance", "runOutcomesConformance", "runLimitsConformance", "runIncidentStateConformance"]) {
      expect(testing, name).toHaveProperty(name);
    }
  });
});
