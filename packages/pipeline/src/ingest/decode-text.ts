import { Transform, type TransformCallback } from "node:stream";
import type { TextEncodingName } from "@crm-reco/core";
import iconv from "iconv-lite";

/** iconv-lite's name for each detected encoding (Node's TextDecoder mis-decodes `€`/`œ` in Windows-1252). */
const ICONV_NAME: Record<TextEncodingName, string> = { "utf-8-bom": "utf8", "utf-8": "utf8", "windows-1252": "win1252" };

/**
 * At most this many bytes are decoded into one string. V8 allocates a string of 128 KB or more (64 K two-byte
 * characters) in its large-object space, and splitting such strings into fields runs about 3× slower; the CSV
 * reader therefore wants its text in pieces well under that size, whatever the size of the chunks read.
 */
const PIECE_BYTES = 32 * 1024;

/**
 * A transform from the file's bytes to text, the BOM removed. Its readable side is in object mode so that each
 * piece reaches the reader as it was pushed (a byte-mode stream joins what it has buffered into one string).
 */
export function createDecoder(encoding: TextEncodingName): NodeJS.ReadWriteStream {
  return encoding === "windows-1252" ? new MixedLineDecoder() : new Utf8Decoder(encoding === "utf-8");
}

/**
 * A file read as UTF-8 (its start was) is not valid UTF-8 further on: it is to be read again as Windows-1252.
 * A file with a UTF-8 BOM is UTF-8 whatever follows; its invalid bytes become U+FFFD.
 */
export class NotUtf8Error extends Error {
  override name = "NotUtf8Error";
}

export function decodeBytes(bytes: Buffer, encoding: TextEncodingName): string {
  return encoding === "windows-1252" ? decodeLine(bytes) : iconv.decode(bytes, ICONV_NAME[encoding], { stripBOM: true });
}

/**
 * UTF-8, strict (`NotUtf8Error` at the first invalid byte) or lenient (invalid bytes become U+FFFD, as with
 * iconv-lite, which measured slower).
 */
class Utf8Decoder extends Transform {
  /** Removes a BOM at the start of the stream only; keeps a character cut between two chunks. */
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(strict: boolean) {
    super({ readableObjectMode: true });
    this.decoder = new TextDecoder("utf-8", { fatal: strict });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      for (let start = 0; start < chunk.length; start += PIECE_BYTES) {
        const text = this.decoder.decode(chunk.subarray(start, start + PIECE_BYTES), { stream: true });
        if (text.length > 0) this.push(text);
      }
    } catch {
      callback(new NotUtf8Error("not valid UTF-8"));
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      callback(new NotUtf8Error("not valid UTF-8 at its end"));
      return;
    }
    callback(null, text.length > 0 ? text : undefined);
  }
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
    super({ readableObjectMode: true });
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
    this.pushLines(bytes);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.pending.length > 0) this.pushLines(Buffer.concat(this.pending));
    callback();
  }

  /** Decodes whole lines, pushed in pieces of about `PIECE_BYTES`. */
  private pushLines(bytes: Buffer): void {
    let text = "";
    let start = 0;
    while (start < bytes.length) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline < 0 ? bytes.length : newline + 1;
      text += decodeLine(bytes.subarray(start, end));
      start = end;
      if (text.length >= PIECE_BYTES) {
        this.push(text);
        text = "";
      }
    }
    if (text.length > 0) this.push(text);
  }
}
