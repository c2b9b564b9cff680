/**
 * The package as users run it: the built `dist/` (what npm publishes), not the sources through tsx. tsx transpiles
 * with esbuild's `keepNames`, which wraps every function in a `__name(...)` call that redefines its `name`: each
 * closure then carries a property dictionary of its own (about 45 % more heap per queued delivery in (f), and CPU).
 * The scale and CPU measures load this; `npm run bench` builds first. Typed as the sources they are built from.
 */
import { existsSync } from "node:fs";

const at = (path: string): string => new URL(`../dist/${path}`, import.meta.url).href;
if (!existsSync(new URL(at("index.js")))) throw new Error("bench: dist/ is missing; run `npm run build` first (`npm run bench` does)");

/** The package's main entry point, built. */
export const pkg = (await import(at("index.js"))) as typeof import("../src/index.js");
/** `discord-webhook-dispatcher/memory`, built. */
export const memory = (await import(at("adapters/memory/index.js"))) as typeof import("../adapters/memory/index.js");
/** `discord-webhook-dispatcher/testing`, built. */
export const testing = (await import(at("testing/index.js"))) as typeof import("../src/testing/index.js");
