import { beforeEach, describe, it } from "vitest";
import { memoryStore } from "../../adapters/memory/index.js";
import type { WebhookStore } from "../../src/types.js";
import { runStoreConformance } from "../../src/testing/index.js";

let store: WebhookStore = memoryStore();

runStoreConformance({
  name: "memory",
  adapter: "memory",
  harness: { describe, it, beforeEach },
  reset: () => {
    store = memoryStore();
  },
  factory: () => store,
  // The memory store has no database underneath: its own reads are the raw rows.
  readRaw: (id) => store.getWebhook(id),
});
