import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { EncodingSniffer, type TextEncodingName } from "@crm-reco/core";

export interface ByteInspection {
  sha256: string;
  size: number;
  encoding: TextEncodingName;
  /** The first bytes of the file, enough to read its header line. */
  head: Buffer;
}

const HEAD_BYTES = 64 * 1024;

/** One streaming pass over a file's bytes: SHA-256, size, encoding, and the head for the header line. */
export async function inspectBytes(body: Readable): Promise<ByteInspection> {
  const hash = createHash("sha256");
  const sniffer = new EncodingSniffer();
  const head: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    sniffer.push(bytes);
    size += bytes.length;
    if (headSize < HEAD_BYTES) {
      const part = bytes.subarray(0, HEAD_BYTES - headSize);
      head.push(part);
      headSize += part.length;
    }
  }
  return { sha256: hash.digest("hex"), size, encoding: sniffer.finish(), head: Buffer.concat(head) };
}
