/**
 * A request body as Discord reads it: JSON, or multipart with `payload_json` and file parts (`files[n]`).
 */
import type { ReadBody } from "./answer.js";
import { bodyKind } from "./request-checks.js";

/** A file part of a multipart body. */
export interface ReceivedFile {
  /** The part's index in `files[n]` (what `payload_json.attachments[].id` names); the part's position otherwise. */
  index: number;
  filename: string;
  contentType: string | null;
  data: Uint8Array;
}

/** The JSON text to validate, the files, and whether a size limit was passed (413 code 40005). */
export interface Payload {
  text: string;
  files: ReceivedFile[];
  tooLarge: boolean;
}

/** Files Discord takes per message. */
export const MAX_FILES = 10;

/**
 * The most bytes read of a body with this content type: `maxBodyBytes`, and for multipart room for
 * {@link MAX_FILES} files of `maxFileBytes` (one more file's worth, so an eleventh small file still reaches the
 * count check).
 */
export function bodyCap(contentType: string | undefined, maxBodyBytes: number, maxFileBytes: number): number {
  return bodyKind(contentType) === "multipart" ? maxBodyBytes + (MAX_FILES + 1) * maxFileBytes : maxBodyBytes;
}

/**
 * Reads the body: JSON as sent, multipart's `payload_json` and files; `null` for any other content type (Discord
 * answers 400 `CONTENT_TYPE_INVALID`). `tooLarge` when the body passed its cap, the payload passed `maxBodyBytes`
 * or a file passed `maxFileBytes`.
 */
export async function readPayload(
  contentType: string | undefined,
  body: ReadBody,
  limits: { maxBodyBytes: number; maxFileBytes: number },
): Promise<Payload | null> {
  const kind = bodyKind(contentType);
  if (kind === null) return null;
  if (body.tooLarge) return { text: "", files: [], tooLarge: true };
  if (kind === "json") return { text: body.data.toString("utf8"), files: [], tooLarge: false };
  let form: FormData;
  try {
    form = await new Response(Uint8Array.from(body.data), { headers: { "content-type": contentType ?? "" } }).formData();
  } catch {
    // Not valid multipart: left to the JSON reader, which answers 50035 as Discord does for a body it cannot read.
    return { text: "\u0000", files: [], tooLarge: false };
  }
  const payload = form.get("payload_json");
  const text = typeof payload === "string" ? payload : "";
  const files: ReceivedFile[] = [];
  let position = 0;
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") continue;
    const n = /^files\[(\d{1,2})\]$/.exec(field)?.[1];
    files.push({
      index: n === undefined ? position : Number(n),
      filename: value.name,
      contentType: value.type === "" ? null : value.type,
      data: new Uint8Array(await value.arrayBuffer()),
    });
    position += 1;
  }
  const tooLarge = Buffer.byteLength(text) > limits.maxBodyBytes || files.some((f) => f.data.byteLength > limits.maxFileBytes);
  return { text, files, tooLarge };
}
