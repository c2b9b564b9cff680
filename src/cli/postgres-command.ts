/** `discord-webhook-dispatcher postgres-ddl`: the SQL of `postgresQueue()`'s tables, for a migration. */
import { ddl } from "../postgres/schema.js";
import { parse, stringOption } from "./args.js";
import { EXIT, UsageError, type CliIo } from "./io.js";

/** Help of the `postgres-ddl` command. */
export const POSTGRES_DDL_HELP = `Usage: discord-webhook-dispatcher postgres-ddl [options] > migration.sql

Prints the SQL that creates the tables and functions of postgresQueue() (discord-webhook-dispatcher/postgres):
the DDL it runs itself on first use, for teams that create tables only through migrations (Prisma Migrate,
drizzle-kit or plain SQL). Idempotent (IF NOT EXISTS, CREATE OR REPLACE); the DiscordWebhook table is never
touched. Pass the same schema and prefix as to postgresQueue().

Options:
  --schema <name>   the PostgreSQL schema of the tables (default: public). A schema of its own (for example dwd)
                    keeps Prisma Migrate and drizzle-kit from treating the tables as drift.
  --prefix <name>   the prefix of table and function names (default: dwd_)
  -h, --help        show this help`;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Runs `postgres-ddl`: prints the DDL on standard output. */
export function postgresDdlCommand(args: readonly string[], io: CliIo): number {
  const values = parse(args, { schema: { type: "string" }, prefix: { type: "string" } });
  if (values.help) {
    io.out(POSTGRES_DDL_HELP);
    return EXIT.ok;
  }
  const schema = stringOption(values.schema) ?? "public";
  const prefix = stringOption(values.prefix) ?? "dwd_";
  for (const [name, value] of [["schema", schema], ["prefix", prefix]] as const) {
    if (!IDENTIFIER.test(value)) throw new UsageError(`--${name} must match [A-Za-z_][A-Za-z0-9_]* (got "${value}")`);
  }
  io.out(ddl(schema, prefix).trim());
  return EXIT.ok;
}
