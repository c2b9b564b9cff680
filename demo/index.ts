/**
 * `npm run demo` (add `-- --serve` to keep the fake and its inbox open): the same as
 * `npx discord-webhook-dispatcher demo`, run from the sources. The demo itself lives in src/cli/demo.ts so it
 * ships in the package.
 */
import { processIo } from "../src/cli/io.js";
import { runCli } from "../src/cli/run.js";

process.exitCode = await runCli(["demo", ...process.argv.slice(2)], processIo());
