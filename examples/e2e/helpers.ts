import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ARTIFACTS = join(ROOT, "test-artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  origin: string;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** How to start a process and tell that it is ready: an HTTP app answers `healthPath`; a worker prints `readyOutput`. */
export type StartOptions = { cwd: string; env: Record<string, string> } & ({ port: number; healthPath: string } | { readyOutput: string });

/**
 * Starts `command` in its own process group and waits until it is ready (`healthPath` answers, or it printed
 * `readyOutput`). Its group id goes to
 * `$E2E_PID_FILE` (when set) so the CI script can kill it even if this process dies first.
 */
export async function startApp(name: string, command: string, args: string[], options: StartOptions): Promise<RunningApp> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid !== undefined && process.env.E2E_PID_FILE) appendFileSync(process.env.E2E_PID_FILE, `${child.pid}\n`);
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString("utf8")));
  const origin = "port" in options ? `http://127.0.0.1:${options.port}` : "";
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${out}`);
    if ("readyOutput" in options) {
      if (out.includes(options.readyOutput)) break;
    } else {
      try {
        const res = await fetch(`${origin}${options.healthPath}`);
        if (res.status < 500) break;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      await killGroup(child);
      throw new Error(`${name} did not start within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { origin, output: () => out, stop: () => killGroup(child) };
}

async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Polls `read` until `ok` holds (or throws after `ms`). */
export async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A JSON request to an app, as an actor (demo headers). */
export async function api(origin: string, method: string, path: string, actor: { user?: string; admin?: boolean } | null, body?: unknown, extraHeaders: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extraHeaders };
  if (actor?.user) headers["x-user-id"] = actor.user;
  if (actor?.admin) headers["x-admin"] = "1";
  let payload: string | undefined;
  if (body !== undefined) payload = typeof body === "string" ? body : JSON.stringify(body);
  // Bodiless POSTs and DELETEs too: the routes refuse a mutating request that is not JSON (cross-site protection).
  if (body !== undefined || method !== "GET") headers["content-type"] ??= "application/json";
  const res = await fetch(`${origin}${path}`, { method, headers, body: payload });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}
