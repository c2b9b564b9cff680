import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../../src/cli/io.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const MAIN = join(ROOT, "src", "cli", "main.ts");

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI process: no inherited webhook URL or API base, so tests choose them. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DISCORD_WEBHOOK_URL;
  delete base.DISCORD_API_BASE_URL;
  return { ...base, ...extra };
}

/** Starts the command line from its sources (tsx), as `npx discord-webhook-dispatcher` would run the build. */
export function startCli(args: string[], options: { env?: Record<string, string> } = {}): ChildProcess {
  return spawn(TSX, [MAIN, ...args], { cwd: ROOT, env: env(options.env ?? {}), stdio: ["pipe", "pipe", "pipe"] });
}

/** Runs the command line to its end; `stdin` is written and closed (no stdin: an empty pipe). */
export function runCli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliRun> {
  const child = startCli(args, options);
  return collect(child, options.stdin);
}

/** Collects a process's output until it exits. */
export function collect(child: ChildProcess, stdin?: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  child.stdin?.end(stdin ?? "");
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Waits until the process printed a line matching `re`; resolves with everything printed so far. */
export function waitForOutput(child: ChildProcess, re: RegExp, ms = 15_000): Promise<string> {
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(re)} within ${String(ms)} ms; output:\n${out}`)), ms);
    const onData = (c: Buffer): void => {
      out += c.toString("utf8");
      if (re.test(out)) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        resolve(out);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${String(code)} before ${String(re)}; output:\n${out}`));
    });
  });
}

/** An in-process io that records what a command prints: `lines` both streams in order, `printed` and `errors` each. */
export function recordingIo(): CliIo & { lines: string[]; printed: string[]; errors: string[] } {
  const lines: string[] = [];
  const printed: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    printed,
    errors,
    out: (l) => {
      lines.push(l);
      printed.push(l);
    },
    err: (l) => {
      lines.push(l);
      errors.push(l);
    },
    env: {},
    readStdin: () => Promise.resolve(null),
    untilStopped: () => Promise.resolve(),
  };
}
