import { memoryQueue } from "../../src/delivery/memory-state.js";
import { describeDeliveryState } from "./state-conformance.js";

describeDeliveryState("memory", () => memoryQueue());
