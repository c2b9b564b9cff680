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
      const { protocol, hostname, port, path, host, auth } = where(request.url);
      // Headers as one flat list (node still checks each name and value): node stores them at once instead of one
      // `setHeader` each, so the Host (and credentials a URL carries) are named here, as node would name them.
      const headers = ["host", host];
      if (auth !== undefined) headers.push("authorization", `Basic ${Buffer.from(auth).toString("base64")}`);
      for (const [name, value] of Object.entries(request.headers)) headers.push(name, value);
      if (body !== undefined) headers.push("content-length", String(Buffer.byteLength(body)));
      // The signal is listened to here, not handed to `request()`: node's own wiring of a signal to a stream costs
      // several listeners and closures per request, and every delivery passes here.
      const req = lib.request({ protocol, hostname, port, path, method: request.method, headers, agent }, (res) => {
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

/** Where a request goes, as `request()`'s options: host, port and protocol read once per origin. */
interface Where {
  protocol: string;
  hostname: string;
  port: string;
  /** The Host header: the hostname (bracketed when IPv6) and the port unless it is the protocol's default. */
  host: string;
  path: string;
  auth?: string;
}

/** Origins already read (a transport talks to one or two: Discord's API or a test server); a few kept. */
const origins = new Map<string, Where>();

/**
 * `url` as request options. A plain path (no dot segment, only characters a URL keeps as they are) is taken as it
 * stands and its origin read once; any other URL is read whole by `URL`, as `request(url)` would.
 */
function where(url: string): Where {
  const start = url.indexOf("//") + 2;
  const slash = url.indexOf("/", start);
  const path = url.slice(slash);
  if (start < 2 || slash < 0 || !PLAIN_PATH.test(path)) return parsed(new URL(url));
  const origin = url.slice(0, slash);
  let known = origins.get(origin);
  if (known === undefined) {
    known = parsed(new URL(origin));
    if (origins.size < 8) origins.set(origin, known);
  }
  return { ...known, path };
}

/** Only unreserved characters and the separators of a path and query; no `.` or `..` segment, no fragment. */
const PLAIN_PATH = /^(?:\/(?!\.\.?(?:[/?]|$))[\w\-.~%]*)+(?:\?[\w\-.~%=&]*)?$/;

function parsed(u: URL): Where {
  const auth = u.username === "" && u.password === "" ? undefined : `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  // An IPv6 host comes bracketed in a URL, bare in request options.
  const hostname = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  return { protocol: u.protocol, hostname, port: u.port, host: u.host, path: `${u.pathname}${u.search}`, ...(auth !== undefined && { auth }) };
}

/** What an aborted exchange rejects with: an `AbortError` whose cause is the signal's reason (as `fetch` does). */
function abortError(signal: AbortSignal): Error {
  const error = new DOMException("The operation was aborted", "AbortError");
  Object.defineProperty(error, "cause", { value: signal.reason as unknown, configurable: true, writable: true });
  return error;
}
