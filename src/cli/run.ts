/** The command line: `discord-webhook-dispatcher <command>`; one function from arguments to an exit code. */
import { VERSION } from "../version.js";
import { DEMO_HELP, demoCommand } from "./demo-command.js";
import { FAKE_HELP, fakeCommand } from "./fake-command.js";
import { EXIT, redactingIo, UsageError, type CliIo } from "./io.js";
import { POSTGRES_DDL_HELP, postgresDdlCommand } from "./postgres-command.js";
import { WEBHOOK_HELP, webhookCommand } from "./webhook-commands.js";

/** Help of the whole command line. */
export const MAIN_HELP = `Usage: discord-webhook-dispatcher <command> [options]

Commands:
  fake          start a local Discord fake with its inbox page, print webhook URLs and DISCORD_API_BASE_URL
  verify        read a webhook from Discord (no post) and print its name, channel and guild
  test          post the test message to a webhook
  send          send one event (--type CUSTOM --title ... [--description ...]) to a webhook
  demo          run the demo against a local fake (--serve keeps its inbox open)
  postgres-ddl  print the SQL of the PostgreSQL queue's tables (--schema, --prefix), for a migration

verify, test and send read the webhook URL from DISCORD_WEBHOOK_URL or standard input, never from an argument.
Run "discord-webhook-dispatcher <command> --help" for a command's options. Exit codes: 0 success, 1 Discord
refused, 2 bad usage.`;

const HELP: Record<string, string> = { fake: FAKE_HELP, demo: DEMO_HELP, "postgres-ddl": POSTGRES_DDL_HELP, ...WEBHOOK_HELP };

/**
 * Runs one command line (without the leading `node` and script) and resolves with its exit code. Tokens of the
 * webhook URL it read are masked in everything it prints, errors included.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIo());
 * ```
 */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const secrets: string[] = [];
  const io = redactingIo(rawIo, () => secrets);
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "-h":
      case "--help":
        io.out(MAIN_HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case "-v":
      case "--version":
        io.out(VERSION);
        return EXIT.ok;
      case "fake":
        // Prints the fake's own webhook URLs on purpose: their tokens are made up by the fake.
        return await fakeCommand(args, rawIo);
      case "demo":
        return await demoCommand(args, io);
      case "postgres-ddl":
        return postgresDdlCommand(args, io);
      case "verify":
      case "test":
      case "send":
        return await webhookCommand(command, args, io, secrets);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`discord-webhook-dispatcher: ${error.message}`);
      io.err(command !== undefined && command in HELP ? `Run "discord-webhook-dispatcher ${command} --help".` : `Run "discord-webhook-dispatcher --help".`);
      return EXIT.usage;
    }
    io.err(`discord-webhook-dispatcher: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.refused;
  }
}
