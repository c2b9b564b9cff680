export * from "./limits.js";
export * from "./text.js";
export * from "./schemas.js";
export * from "./validate.js";
export * from "./webhook-url.js";
export * from "./redact.js";
export * from "./pack.js";
