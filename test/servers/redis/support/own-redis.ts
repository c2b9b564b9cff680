/**
 * A redis-server of the test's own, on a free port, for faults no shared server may see: SIGSTOP / SIGCONT (a
 * paused server: connections stay open, commands get no answer) and FLUSHALL. Killed when the test ends.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export interface OwnRedis {
  readonly url: string;
  /** Freezes the server (SIGSTOP) until {@link OwnRedis.resume}. */
  pause(): void;
  resume(): void;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Starts a server without persistence and resolves once it accepts connections. */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const proc: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "pipe" });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 10_000;
  while (!out.includes("Ready to accept connections")) {
    if (Date.now() > end || proc.exitCode !== null) throw new Error(`redis-server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => proc.kill("SIGSTOP"),
    resume: () => proc.kill("SIGCONT"),
    stop: () => {
      proc.kill("SIGCONT");
      proc.kill("SIGKILL");
    },
  };
}
