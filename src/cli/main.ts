#!/usr/bin/env node
/** The package's `bin`: `npx discord-webhook-dispatcher <command>`. */
import { processIo } from "./io.js";
import { runCli } from "./run.js";

void runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
  // The fake and the dispatcher are closed by now; exit without waiting for idle sockets of fetch's pool.
  process.exit(code);
});
