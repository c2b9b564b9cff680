/**
 * Public types of the Discord fake's faults (re-exported by `./types.ts`).
 */

// ---------------------------------------------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------------------------------------------

/**
 * A fault to inject:
 * - `{ status, body?, headers? }`: answer with that status and JSON body (e.g. 503, or 404 `{ code: 10015 }`);
 *   a string body with a non-JSON `content-type` header goes out as is (e.g. a proxy's HTML error page);
 * - `{ kind: "reset" }`: destroy the connection without an answer;
 * - `{ kind: "hang" }`: never answer (until `close()` or the client gives up);
 * - `{ kind: "delay", ms }`: wait `ms` real milliseconds, then handle the request normally.
 */
export type FakeFault =
  | { kind?: "status"; status: number; body?: unknown; headers?: Readonly<Record<string, string>> }
  | { kind: "reset" }
  | { kind: "hang" }
  | { kind: "delay"; ms: number };

/** Options of {@link DiscordFake.inject}. */
export interface InjectOptions {
  /** How many matching requests the fault hits. Default: every one until removed or `reset()`. */
  times?: number;
}

/** An injected fault: how often it fired, and a way to remove it early. */
export interface FaultHandle {
  /** Requests this fault has hit so far. */
  readonly hits: number;
  /** Stops the fault. */
  remove(): void;
}
