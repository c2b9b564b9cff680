/** A worker process of the multi-process test: takes lanes from Redis and sends to the fake until told to stop. */
import { createDispatcher } from "../../../../src/index.js";
import { emit, processOptions, readConfig } from "./mp-config.js";

const cfg = readConfig();
const options = processOptions(cfg);
const dispatcher = createDispatcher({
  ...options,
  hooks: {
    onPossibleDuplicate: (e) => emit({ possibleDuplicate: e.webhook.id, deliveries: e.deliveryIds.length }),
    onDelivered: (e) => emit({ delivered: e.webhook.id, embeds: e.embeds }),
  },
});
process.on("SIGTERM", () => {
  void dispatcher.close().then(() => {
    emit({ closed: true });
    process.exit(0);
  });
});
emit({ ready: process.pid });
