/** Prisma store adapter (filled by the adapters work). */
export {};
