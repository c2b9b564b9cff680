/**
 * The testing kit: a local Discord-compatible server, a capturing transport and the store conformance suite.
 * @packageDocumentation
 */
export {};
