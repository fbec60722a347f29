import { Transform, type TransformCallback } from "node:stream";
import type { TextEncodingName } from "@crm-reco/core";
import iconv from "iconv-lite";

/** iconv-lite's name for each detected encoding (Node's TextDecoder mis-decodes `€`/`œ` in Windows-1252). */
const ICONV_NAME: Record<TextEncodingName, string> = { "utf-8-bom": "utf8", "utf-8": "utf8", "windows-1252": "win1252" };

/** A transform from the file's bytes to text; the BOM is removed. */
export function createDecoder(encoding: TextEncodingName): NodeJS.ReadWriteStream {
  return encoding === "windows-1252" ? new MixedLineDecoder() : iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true });
}

export function decodeBytes(bytes: Buffer, encoding: TextEncodingName): string {
  return encoding === "windows-1252" ? decodeLine(bytes) : iconv.decode(bytes, ICONV_NAME[encoding], { stripBOM: true });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file that is not valid UTF-8 is Windows-1252 — but files pasted together from two exports can mix both.
 * Each physical line is decoded on its own: as UTF-8 when it is valid UTF-8 with non-ASCII bytes (a genuine
 * Windows-1252 line almost never is: `Ã©`-like pairs), else as Windows-1252. Lines split at byte 0x0A, which
 * is a line feed in both encodings and never part of a multi-byte UTF-8 character.
 */
function decodeLine(bytes: Buffer): string {
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if ((bytes[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return bytes.toString("latin1");
  try {
    return utf8.decode(bytes);
  } catch {
    return iconv.decode(bytes, "win1252");
  }
}

class MixedLineDecoder extends Transform {
  /** Bytes of the current, unfinished line (kept as chunks: one line can be megabytes long). */
  private pending: Buffer[] = [];

  constructor() {
    super({ decodeStrings: true, encoding: "utf8" });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const end = chunk.lastIndexOf(0x0a);
    if (end < 0) {
      this.pending.push(chunk);
      callback();
      return;
    }
    const bytes = this.pending.length > 0 ? Buffer.concat([...this.pending, chunk.subarray(0, end + 1)]) : chunk.subarray(0, end + 1);
    this.pending = end + 1 < chunk.length ? [chunk.subarray(end + 1)] : [];
    callback(null, decodeLines(bytes));
  }

  override _flush(callback: TransformCallback): void {
    callback(null, this.pending.length > 0 ? decodeLines(Buffer.concat(this.pending)) : undefined);
  }
}

function decodeLines(bytes: Buffer): string {
  let text = "";
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline < 0 ? bytes.length : newline + 1;
    text += decodeLine(bytes.subarray(start, end));
    start = end;
  }
  return text;
}
