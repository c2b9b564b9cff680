/**
 * The one HTTP exchange of `fetchTransport()` (fetch.ts), in two implementations with one contract: on Node,
 * `node:http(s)` with a keep-alive agent per protocol (about a third of `fetch()`'s CPU per request: no web streams,
 * no `Headers` or `Request` objects); elsewhere (edge runtimes, Deno, Bun without the API below), `fetch`. Node's
 * modules are reached through `process.getBuiltinModule` (Node 20.16+), never imported, so a bundle made for another
 * runtime holds no `node:` import.
 */
import type * as NodeHttp from "node:http";

/** What one exchange sends. The body is JSON text, or multipart form data (files: always through `fetch`). */
export interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | FormData | undefined;
  signal: AbortSignal;
}

/** What came back: the status as Discord sent it (a 3xx included), lower-cased headers and the body as text. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Sends one request and reads its whole answer; rejects only when no answer arrived (network error, abort). */
export type Exchanger = (request: Exchange) => Promise<Answer>;

/**
 * The exchanger for this runtime: Node's http(s) when `process.getBuiltinModule` is there, else `fetch`. Bodies
 * that are form data go through `fetch` everywhere.
 */
export function exchanger(): Exchanger {
  const node = nodeExchanger();
  if (node === undefined) return fetchExchange;
  return (request) => (typeof request.body === "object" ? fetchExchange(request) : node(request));
}

async function fetchExchange(request: Exchange): Promise<Answer> {
  const res = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined && { body: request.body }),
    // Discord never redirects a webhook call: a 3xx is handed back as the answer, never followed (a proxy or a
    // wrong base URL must not get the body, and a redirect to another host must not carry it there).
    redirect: "manual",
    signal: request.signal,
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  // A browser hides a manual redirect's status (an "opaqueredirect" answers 0): report it as the 3xx it was.
  return { status: res.type === "opaqueredirect" ? 302 : res.status, headers, text: await res.text() };
}

type HttpModule = Pick<typeof NodeHttp, "request" | "Agent">;

/** Decodes whole answers (no streaming state is kept between calls), so one serves every answer. */
const utf8 = new TextDecoder();

function nodeExchanger(): Exchanger | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== "function") return undefined;
  const http = get("node:http") as HttpModule | undefined;
  const https = get("node:https") as HttpModule | undefined;
  if (http === undefined || https === undefined) return undefined;
  // One keep-alive agent per protocol for the transport's life; an idle socket is closed after 4 s (before most
  // servers close theirs) and does not keep the process alive.
  const plain = { lib: http, agent: new http.Agent({ keepAlive: true, timeout: 4000 }) };
  const secure = { lib: https, agent: new https.Agent({ keepAlive: true, timeout: 4000 }) };
  return (request) =>
    new Promise<Answer>((resolve, reject) => {
      const { signal } = request;
      if (signal.aborted) {
        reject(abortError(signal));
        return;
      }
      const { lib, agent } = request.url.startsWith("https:") ? secure : plain;
      const body = request.body as string | undefined;
      const headers = body === undefined ? request.headers : { ...request.headers, "content-length": String(Buffer.byteLength(body)) };
      // The signal is listened to here, not handed to `request()`: node's own wiring of a signal to a stream costs
      // several listeners and closures per request, and every delivery passes here.
      const req = lib.request(request.url, { method: request.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", fail);
        res.on("close", () => {
          if (!res.complete) fail(new Error("the connection closed before the answer was complete"));
        });
        res.on("end", () => {
          signal.removeEventListener("abort", onAbort);
          const raw = res.rawHeaders;
          const out: Record<string, string> = {};
          for (let i = 0; i + 1 < raw.length; i += 2) {
            const name = (raw[i] as string).toLowerCase();
            const value = raw[i + 1] as string;
            out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
          }
          const text = utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
          resolve({ status: res.statusCode ?? 0, headers: out, text });
        });
      });
      function fail(error: unknown): void {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      }
      function onAbort(): void {
        req.destroy(abortError(signal));
      }
      signal.addEventListener("abort", onAbort, { once: true });
      req.on("error", fail);
      req.end(body);
    });
}

/** What an aborted exchange rejects with: an `AbortError` whose cause is the signal's reason (as `fetch` does). */
function abortError(signal: AbortSignal): Error {
  const error = new DOMException("The operation was aborted", "AbortError");
  Object.defineProperty(error, "cause", { value: signal.reason as unknown, configurable: true, writable: true });
  return error;
}
