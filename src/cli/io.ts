/**
 * What a command may touch: output streams, the environment, standard input and the "stop" signal. Injected so
 * tests run commands in-process; the binary passes the real ones.
 */
import { redact } from "../discord/redact.js";

/** The world a command runs in. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Standard input as text, or `null` when it is a terminal (nothing piped). */
  readStdin(): Promise<string | null>;
  /** Resolves when the user asks to stop (Ctrl-C, SIGTERM). */
  untilStopped(): Promise<void>;
}

/** Exit codes: 0 success, 1 Discord (or the fake) refused, 2 bad usage. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** Bad usage: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The real process: stdout, stderr, `process.env`, stdin and SIGINT/SIGTERM. */
export function processIo(): CliIo {
  return {
    out(line) {
      process.stdout.write(`${line}\n`);
    },
    err(line) {
      process.stderr.write(`${line}\n`);
    },
    env: process.env,
    async readStdin() {
      if (process.stdin.isTTY) return null;
      let text = "";
      for await (const chunk of process.stdin) text += String(chunk);
      return text;
    },
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once("SIGINT", () => {
          resolve();
        });
        process.once("SIGTERM", () => {
          resolve();
        });
      }),
  };
}

/** The same io with every webhook token masked in what it prints (`secrets` are masked wherever they appear). */
export function redactingIo(io: CliIo, secrets: () => readonly string[]): CliIo {
  return {
    ...io,
    out(line) {
      io.out(redact(line, secrets()));
    },
    err(line) {
      io.err(redact(line, secrets()));
    },
  };
}
