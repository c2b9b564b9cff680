/** Argument parsing with Node's own `util.parseArgs`: strict, no positionals, errors as {@link UsageError}. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parses `args` strictly; `--help` is always accepted. */
export function parse(args: readonly string[], options: Options): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: [...args], options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
    return values;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Unexpected argument/i.test(message) && args.some((a) => /webhooks\//i.test(a))) {
      throw new UsageError("a webhook URL is never taken as an argument (it would land in shell history): set DISCORD_WEBHOOK_URL or pipe it on standard input");
    }
    throw new UsageError(message);
  }
}

/** An integer option within `[min, max]`, or `fallback` when absent. */
export function intOption(value: string | boolean | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${String(min)} to ${String(max)}`);
  }
  return n;
}

/** A positive number option, or `fallback` when absent. */
export function positiveOption(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== "string" || !(Number.isFinite(n) && n > 0)) throw new UsageError(`--${name} must be a number > 0`);
  return n;
}

/** A string option, or `undefined`. */
export function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
