/** `discord-webhook-dispatcher fake`: a local Discord with its inbox, for apps under development and CI. */
import { createDiscordFake } from "../testing/index.js";
import { intOption, parse, positiveOption, stringOption } from "./args.js";
import { EXIT, UsageError, type CliIo } from "./io.js";

/** Help of the `fake` command. */
export const FAKE_HELP = `Usage: discord-webhook-dispatcher fake [options]

Starts a local Discord fake with its inbox (every message as Discord shows it), creates webhooks and prints
their URLs (made-up ids and tokens) and the API base URL to send them to. Ctrl-C stops it.

Options:
  --port <n>          port to listen on (default 8787; 0 picks a free one)
  --host <address>    interface to listen on (default 127.0.0.1)
  --allowed-hosts <a,b>  hostnames to answer besides 127.0.0.1, localhost, [::1] and --host (e.g. a Docker
                      service name), or "any"; other Host or Origin headers get 403 (DNS rebinding)
  --time-scale <x>    multiply every rate-limit window by x (default 1; 0.1 runs time 10x faster)
  --webhooks <n>      webhooks to create (default 3)
  --accept-any        treat any well-formed webhook id and token as an existing webhook, so an app's stored
                      URLs just work
  -h, --help          show this help

Example:
  npx discord-webhook-dispatcher fake --port 8787 --accept-any
  DISCORD_API_BASE_URL=http://127.0.0.1:8787/api/v10 npm start`;

/** Runs `fake`: resolves with the exit code once stopped. */
export async function fakeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const values = parse(args, {
    port: { type: "string" },
    host: { type: "string" },
    "time-scale": { type: "string" },
    webhooks: { type: "string" },
    "accept-any": { type: "boolean" },
    "allowed-hosts": { type: "string" },
  });
  if (values.help) {
    io.out(FAKE_HELP);
    return EXIT.ok;
  }
  const port = intOption(values.port, "port", 8787, 0, 65535);
  const timeScale = positiveOption(values["time-scale"], "time-scale", 1);
  const count = intOption(values.webhooks, "webhooks", 3, 0, 100);
  const acceptAny = values["accept-any"] === true;
  const allowedHosts = hostsOption(stringOption(values["allowed-hosts"]));
  const fake = await createDiscordFake({ port, host: stringOption(values.host) ?? "127.0.0.1", timeScale, acceptAnyWebhook: acceptAny, ...(allowedHosts ? { allowedHosts } : {}) });
  const hooks = Array.from({ length: count }, (_, i) => fake.addWebhook({ name: `Webhook ${String(i + 1)}` }));
  io.out(`Discord fake on ${fake.url} (time scale ${String(timeScale)}${acceptAny ? ", accepting any well-formed webhook" : ""})`);
  io.out(`Inbox: ${fake.inboxUrl}`);
  io.out("");
  io.out("Point your app at it:");
  io.out(`DISCORD_API_BASE_URL=${fake.apiBaseUrl}`);
  if (hooks.length > 0) {
    io.out("");
    io.out("Webhook URLs (made-up ids and tokens of this fake; store them as you would real ones):");
    for (const h of hooks) io.out(`  ${h.url}`);
  }
  io.out("");
  io.out("Press Ctrl-C to stop.");
  await io.untilStopped();
  await fake.close();
  io.out("Stopped.");
  return EXIT.ok;
}

/** `--allowed-hosts a,b` as a list, `any` as `true`. */
function hostsOption(value: string | undefined): string[] | true | undefined {
  if (value === undefined) return undefined;
  if (value.trim().toLowerCase() === "any") return true;
  const hosts = value.split(",").map((h) => h.trim()).filter((h) => h !== "");
  if (hosts.length === 0) throw new UsageError("--allowed-hosts needs hostnames separated by commas, or any");
  return hosts;
}
