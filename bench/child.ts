/**
 * A bench scenario in a process of its own, as `npm run bench` runs the scale scenarios: a CPU or heap measure must
 * not count what the scenarios before it left in the bench's process (a heap of hundreds of MB, pools, code compiled
 * for other shapes). Run last in one process, (h)'s on/off ratio read 1.9-2.0x where the same code alone read
 * 1.5-1.8x. (f) runs alone for the same reason; what had raised its CPU was its own forced collections (fanout.ts).
 *
 * The child is `script` run with this process's node flags (`--expose-gc`, `--import tsx`) and `env` added, and
 * `BENCH_CHILD_JSON=1`: a scenario module run so prints its result as its last line of JSON ({@link printResult}).
 */
import { spawn } from "node:child_process";

/** Runs `script` in a child process and resolves with the JSON of its last line of output. */
export function inChild<T>(script: URL, env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script.pathname], { env: { ...process.env, ...env, BENCH_CHILD_JSON: "1" }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      try {
        if (code !== 0) throw new Error(`exit code ${String(code)}`);
        resolve(JSON.parse(last) as T);
      } catch (error) {
        reject(new Error(`${script.pathname} in its own process failed: ${String(error)}`, { cause: error }));
      }
    });
  });
}

/** True when the module at `moduleUrl` is the script node was started with (run directly or by {@link inChild}). */
export const isMain = (moduleUrl: string): boolean => moduleUrl === `file://${process.argv[1] ?? ""}`;

/** How a scenario run as a script reports: its JSON for {@link inChild}, else its text for a reader. */
export function printResult(result: { text: string }): void {
  console.log(process.env.BENCH_CHILD_JSON === "1" ? JSON.stringify(result) : result.text);
}
