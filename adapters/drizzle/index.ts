/** Drizzle store adapter (filled by the adapters work). */
export {};
