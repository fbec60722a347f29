import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { EncodingSniffer, type TextEncodingName } from "@crm-reco/core";

const HEAD_BYTES = 64 * 1024;

/**
 * One read of a file that is parsed and checksummed at once: its first bytes are read ahead (enough for the
 * header line, the delimiter and a first guess at the encoding), then every byte, those included, flows through
 * `stream` to the parser and into the SHA-256. A file is read once, not once to checksum and once to parse.
 */
export class InspectedRead {
  private readonly hash = createHash("sha256");
  private digest: string | null = null;
  readonly stream: Readable;

  private constructor(
    /** The first bytes of the file. */
    readonly head: Buffer,
    /** The encoding the head allows ("utf-8" = UTF-8 so far, when the head is not the whole file). */
    readonly encodingGuess: TextEncodingName,
    headChunks: readonly Buffer[],
    rest: AsyncIterator<Buffer> | null,
  ) {
    const read = this;
    this.stream = Readable.from(
      (async function* () {
        try {
          for (const chunk of headChunks) {
            read.hash.update(chunk);
            yield chunk;
          }
          for (;;) {
            const next = rest ? await rest.next() : ({ done: true } as const);
            if (next.done) break;
            read.hash.update(next.value);
            yield next.value;
          }
          read.digest = read.hash.digest("hex");
        } finally {
          // Stopped early (a file rejected whole, a read to start again): the S3 response is closed.
          await rest?.return?.();
        }
      })(),
    );
  }

  static async start(body: Readable): Promise<InspectedRead> {
    const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const headChunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    while (size < HEAD_BYTES) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      headChunks.push(next.value);
      size += next.value.length;
    }
    const bytes = Buffer.concat(headChunks);
    const sniffer = new EncodingSniffer();
    sniffer.push(bytes);
    const head = bytes.subarray(0, HEAD_BYTES);
    return new InspectedRead(head, sniffer.finish(ended), headChunks, ended ? null : chunks);
  }

  /** The file's SHA-256, once `stream` has been read to its end (null when the parser stopped before). */
  get sha256(): string | null {
    return this.digest;
  }
}

/** SHA-256 of a whole stream (for a file whose parse stopped early). */
export async function sha256Of(body: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
