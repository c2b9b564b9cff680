/**
 * `files` on an event call: read once when the call is made (a stream can be read only once; retries and every
 * webhook reuse the bytes), checked against Discord's limits and the queue's bound, kept in base64 so queued jobs
 * stay plain JSON.
 */
import type { WireFile } from "../delivery/state-queue.js";
import { DISCORD_LIMITS as L } from "../discord/limits.js";
import { ValidationError } from "../errors.js";
import { ownProperty } from "../own.js";

/** The data of a file: text (sent as UTF-8), bytes, a `Blob`, or a readable stream (web or Node.js) of bytes. */
export type FileData = string | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** A file attached to the message, e.g. `{ name: "crash.log", data: logText, contentType: "text/plain" }`. */
export interface FileInput {
  /** 1-256 characters, no `/` or `\`; an embed shows an image file with `attachment://<name>`. */
  name: string;
  /** At most 10 MiB (Discord's default for webhooks), read once when the call is made. */
  data: FileData;
  /** Default: `application/octet-stream` (`text/plain; charset=utf-8` for string data). */
  contentType?: string;
  /** Alt text Discord shows (at most 1024 characters). */
  description?: string;
}

const issue = (path: string, message: string): ValidationError => new ValidationError("dispatch options", [{ path, message }]);

/**
 * Reads and checks `files` (`undefined` when absent). Throws a `ValidationError` naming the bad file: not an array,
 * more than 10, a bad name, content type or description, data of another kind, a file over 10 MiB, or all files
 * together over `maxTotalBytes` (a durable queue's bound). Reading stops at the first byte past a limit.
 */
export async function readFiles(raw: unknown, maxTotalBytes = Infinity): Promise<WireFile[] | undefined> {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw issue("files", "must be an array of { name, data, contentType? }");
  if (raw.length > L.filesPerMessage) throw issue("files", `at most ${String(L.filesPerMessage)} files per message`);
  let total = 0;
  const out: WireFile[] = [];
  for (const [i, file] of (raw as unknown[]).entries()) {
    const at = `files.${String(i)}`;
    const name = ownProperty(file, "name");
    if (typeof name !== "string" || name.trim() === "" || name.length > L.fileName || /[/\\]/.test(name)) throw issue(`${at}.name`, `must be 1-${String(L.fileName)} characters without / or \\`);
    const type = ownProperty(file, "contentType");
    if (type !== undefined && (typeof type !== "string" || !/^[\w.+-]+\/[\w.+-]+(;.*)?$/.test(type))) throw issue(`${at}.contentType`, "must be a MIME type such as text/plain");
    const description = ownProperty(file, "description");
    if (description !== undefined && (typeof description !== "string" || description.length > L.attachmentDescription)) throw issue(`${at}.description`, `must be text of at most ${String(L.attachmentDescription)} characters`);
    const data = ownProperty(file, "data");
    const limit = Math.min(L.fileBytes, maxTotalBytes - total);
    const bytes = await readData(data, limit, at);
    total += bytes.length;
    out.push({
      name,
      contentType: typeof type === "string" ? type : typeof data === "string" ? "text/plain; charset=utf-8" : "application/octet-stream",
      ...(typeof description === "string" && { description }),
      data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64"),
    });
  }
  return out;
}

async function readData(data: unknown, limit: number, at: string): Promise<Uint8Array> {
  const tooBig = (): ValidationError =>
    issue(`${at}.data`, limit < L.fileBytes ? `files together must be at most the queue's maxFileBytes` : `must be at most ${String(L.fileBytes / 1024 / 1024)} MiB`);
  const checked = (bytes: Uint8Array): Uint8Array => {
    if (bytes.length > limit) throw tooBig();
    return bytes;
  };
  if (typeof data === "string") return checked(new TextEncoder().encode(data));
  if (data instanceof Uint8Array) return checked(data);
  if (data instanceof Blob) {
    if (data.size > limit) throw tooBig();
    return new Uint8Array(await data.arrayBuffer());
  }
  const iterable = typeof data === "object" && data !== null && Symbol.asyncIterator in data ? (data as AsyncIterable<unknown>) : undefined;
  const stream = typeof ReadableStream !== "undefined" && data instanceof ReadableStream ? (data as ReadableStream<unknown>) : undefined;
  if (!iterable && !stream) throw issue(`${at}.data`, "must be a string, a Uint8Array, a Blob or a readable stream");
  const chunks: Uint8Array[] = [];
  let size = 0;
  const add = (chunk: unknown): void => {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk instanceof Uint8Array ? chunk : undefined;
    if (!bytes) throw issue(`${at}.data`, "a stream must yield bytes or text");
    size += bytes.length;
    if (size > limit) throw tooBig();
    chunks.push(bytes);
  };
  if (iterable) {
    for await (const chunk of iterable) add(chunk);
  } else if (stream) {
    const reader = stream.getReader();
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) add(r.value);
    } finally {
      // Past a limit the rest is never read.
      await reader.cancel().catch(() => undefined);
    }
  }
  return Buffer.concat(chunks, size);
}
