/** `discord-webhook-dispatcher demo`: what `npm run demo` runs, for people who installed the package. */
import { intOption, parse } from "./args.js";
import { runDemo } from "./demo.js";
import { EXIT, type CliIo } from "./io.js";

/** Help of the `demo` command. */
export const DEMO_HELP = `Usage: discord-webhook-dispatcher demo [options]

Sends every event family, a burst of 60 events, markdown, a retried 503 and a refused body through the
dispatcher to a local Discord fake (time x10), and prints what each channel received. With DISCORD_WEBHOOK_URL
set, sends one event of each family to that webhook instead (the URL is never printed), through
DISCORD_API_BASE_URL when that is set too (a fake's).

Options:
  --serve        keep the fake and its inbox running afterwards (Ctrl-C stops)
  --port <n>     port of the fake (default: a free one)
  -h, --help     show this help`;

/** Runs `demo`: exit 0 when every delivery succeeded. */
export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parse(args, { serve: { type: "boolean" }, port: { type: "string" } });
  if (values.help) {
    io.out(DEMO_HELP);
    return EXIT.ok;
  }
  const port = values.port === undefined ? undefined : intOption(values.port, "port", 0, 0, 65535);
  const realWebhookUrl = io.env.DISCORD_WEBHOOK_URL?.trim();
  const apiBaseUrl = io.env.DISCORD_API_BASE_URL?.trim();
  const run = await runDemo({
    serve: values.serve === true,
    print: (line) => {
      io.out(line);
    },
    ...(port === undefined ? {} : { port }),
    ...(realWebhookUrl ? { realWebhookUrl } : {}),
    ...(realWebhookUrl && apiBaseUrl ? { apiBaseUrl } : {}),
  });
  if (run.fake) {
    await io.untilStopped();
    await run.stop();
  }
  return run.ok ? EXIT.ok : EXIT.refused;
}
