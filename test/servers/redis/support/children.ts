/** Child processes of the multi-process tests: a support script run with tsx, its JSON lines on stdout collected. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A started child: its process, the JSON lines it printed so far, and its exit code once it exits. */
export interface Child {
  proc: ChildProcess;
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Every child started, so a test's `afterAll` can SIGKILL what is still running. */
export const children: ChildProcess[] = [];

/** Runs `support/<script>` with the config file `configPath` (DWD_MP_CONFIG). */
export function startChild(script: string, configPath: string): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(`./${script}`, import.meta.url))], {
    env: { ...process.env, DWD_MP_CONFIG: configPath },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(proc);
  const lines: Record<string, unknown>[] = [];
  let buffer = "";
  proc.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith("{")) lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  return { proc, lines, exited: new Promise((resolve) => proc.on("exit", (code) => resolve(code))) };
}

/** SIGKILLs every child still running. */
export function killChildren(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
