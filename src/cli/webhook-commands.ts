/**
 * `verify`, `test` and `send`: checks of one webhook from a shell. The URL comes from DISCORD_WEBHOOK_URL or
 * standard input, never from an argument (shell history); nothing printed carries its token.
 */
import { memoryStore } from "../../adapters/memory/index.js";
import {
  canonicalWebhookUrl,
  createDispatcher,
  EVENT_WEBHOOK_TYPES,
  fetchTransport,
  parseWebhookUrl,
  WEBHOOK_TYPES,
  type DispatchResult,
  type Dispatcher,
  type EventName,
  type WebhookType,
} from "../index.js";
import { parse, stringOption } from "./args.js";
import { EXIT, UsageError, type CliIo } from "./io.js";
import { SAMPLE_INPUTS } from "./samples.js";

const URL_SOURCE = `The webhook URL is read from DISCORD_WEBHOOK_URL, else from standard input (never from an argument:
it would land in shell history). Nothing printed contains its token.

Common options:
  --api-base-url <url>  send to this API instead of https://discord.com/api/v10 (e.g. a fake's; default:
                        DISCORD_API_BASE_URL when set)
  --json                print the result as JSON
  -h, --help            show this help

Exit codes: 0 success, 1 Discord refused (the reason is printed), 2 bad usage.`;

/** Help of each webhook command. */
export const WEBHOOK_HELP = {
  verify: `Usage: discord-webhook-dispatcher verify [options]\n\nReads the webhook from Discord (GET, posts nothing) and prints its name, channel and guild.\n\n${URL_SOURCE}`,
  test: `Usage: discord-webhook-dispatcher test [options]\n\nPosts the test message ("This webhook is connected...") to the webhook.\n\n${URL_SOURCE}`,
  send: `Usage: discord-webhook-dispatcher send --type CUSTOM --title <text> [--description <text>] [options]

Sends one event to the webhook. --type CUSTOM builds an embed from --title and --description; any other
webhook type (${WEBHOOK_TYPES.filter((t) => t !== "CUSTOM").join(", ")}) sends that type's sample event.

${URL_SOURCE}`,
} as const;

type Command = keyof typeof WEBHOOK_HELP;

/** Runs `verify`, `test` or `send`. `secrets` receives the token so the caller's output masks it. */
export async function webhookCommand(command: Command, args: readonly string[], io: CliIo, secrets: string[]): Promise<number> {
  const values = parse(args, {
    "api-base-url": { type: "string" },
    json: { type: "boolean" },
    ...(command === "send" ? { type: { type: "string" }, title: { type: "string" }, description: { type: "string" } } : {}),
  });
  if (values.help) {
    io.out(WEBHOOK_HELP[command]);
    return EXIT.ok;
  }
  const event = command === "send" ? sendEvent(values) : null;
  const url = await readWebhookUrl(io, secrets);
  const apiBaseUrl = stringOption(values["api-base-url"]) ?? io.env.DISCORD_API_BASE_URL;
  let transport;
  try {
    transport = fetchTransport(apiBaseUrl ? { apiBaseUrl } : {});
  } catch (error) {
    throw new UsageError(`--api-base-url: ${error instanceof Error ? error.message : String(error)}`);
  }
  const type: WebhookType = event ? EVENT_WEBHOOK_TYPES[event.name] : "CUSTOM";
  const store = memoryStore([{ id: "cli", name: "cli", webhookUrl: url, type, scope: "ADMIN" }]);
  const dispatcher = createDispatcher({ store, transport, retry: { attempts: 3 } });
  try {
    const report = await run(command, dispatcher, event);
    if (values.json === true) io.out(JSON.stringify(report.json, null, 2));
    else io.out(report.text);
    return report.ok ? EXIT.ok : EXIT.refused;
  } finally {
    await dispatcher.close({ timeoutMs: 5000 });
  }
}

interface Report {
  ok: boolean;
  text: string;
  json: unknown;
}

async function run(command: Command, dispatcher: Dispatcher, event: { name: EventName; input: unknown } | null): Promise<Report> {
  if (command === "verify") {
    const r = await dispatcher.verify("cli");
    const where = `"${r.discordName ?? "?"}" in channel ${r.channelId ?? "?"} of guild ${r.guildId ?? "?"}`;
    const text = r.ok ? `ok: webhook ${where} (HTTP ${String(r.status)})` : `refused: ${reason(r.status, r.error)}`;
    return { ok: r.ok, text, json: { ok: r.ok, status: r.status, name: r.discordName, channelId: r.channelId, guildId: r.guildId, error: r.error?.message } };
  }
  if (command === "test") {
    const r = await dispatcher.test("cli");
    const text = r.ok ? `ok: test message sent (HTTP ${String(r.status)}, message ${r.messageId ?? "?"})` : `refused: ${reason(r.status, r.error)}`;
    return { ok: r.ok, text, json: { ok: r.ok, status: r.status, messageId: r.messageId, attempts: r.attempts, error: r.error?.message } };
  }
  const e = event ?? { name: "custom" as const, input: {} };
  const send = dispatcher[e.name] as (input: unknown) => Promise<DispatchResult>;
  const r = await send(e.input);
  const d = r.deliveries[0];
  const ok = r.success && r.sent > 0;
  const text = ok
    ? `ok: ${e.name} sent (HTTP ${String(d?.lastStatus)}, message ${d?.messageIds[0] ?? "?"})`
    : `refused: ${reason(d?.lastStatus, r.errors[0]?.error ?? d?.error)}`;
  return { ok, text, json: { ok, event: e.name, status: d?.lastStatus, messageIds: d?.messageIds ?? [], error: r.errors[0]?.error.message } };
}

function reason(status: number | undefined, error: Error | undefined): string {
  return `${status === undefined ? "no answer" : `HTTP ${String(status)}`}: ${error?.message ?? "unknown reason"}`;
}

function sendEvent(values: Record<string, string | boolean | undefined>): { name: EventName; input: unknown } {
  const type = stringOption(values.type) ?? "CUSTOM";
  if (!(WEBHOOK_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be one of ${WEBHOOK_TYPES.join(", ")}`);
  const title = stringOption(values.title);
  const description = stringOption(values.description);
  if (type === "CUSTOM") {
    if (title === undefined || title.trim() === "") throw new UsageError("send --type CUSTOM needs --title <text>");
    return { name: "custom", input: { title, ...(description === undefined ? {} : { description }) } };
  }
  if (title !== undefined || description !== undefined) throw new UsageError("--title and --description go with --type CUSTOM only");
  const name = (Object.keys(EVENT_WEBHOOK_TYPES) as EventName[]).find((n) => EVENT_WEBHOOK_TYPES[n] === type) ?? "custom";
  return { name, input: SAMPLE_INPUTS[name] };
}

/** The webhook URL from the environment or standard input, canonical; its token goes into `secrets` first. */
async function readWebhookUrl(io: CliIo, secrets: string[]): Promise<string> {
  const fromEnv = io.env.DISCORD_WEBHOOK_URL?.trim();
  const raw = fromEnv || ((await io.readStdin()) ?? "").trim().split(/\r?\n/)[0]?.trim();
  if (!raw) throw new UsageError("no webhook URL: set DISCORD_WEBHOOK_URL or pipe the URL on standard input");
  const token = /webhooks\/\d+\/([^/?#\s]+)/i.exec(raw)?.[1];
  if (token) secrets.push(token);
  try {
    parseWebhookUrl(raw);
    return canonicalWebhookUrl(raw);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : "invalid webhook URL");
  }
}
