/** A value COPY can load: text, a number, a boolean or NULL. */
export type CopyValue = string | number | boolean | null;

const BACKSLASH = 0x5c;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
/** Room past the intended chunk size, so that the row that fills a chunk rarely makes it grow. */
const SLACK_BYTES = 64 * 1024;

/**
 * Encodes rows as PostgreSQL COPY text format (tab-separated, `\N` for NULL, backslash escapes), straight into
 * UTF-8 bytes: one pass per character, no row strings, no joined chunk, no string-to-buffer conversion. Joining
 * strings then converting a megabyte of two-byte text to a buffer cost several times more than this loop.
 *
 * Rows accumulate in a chunk; `take()` hands the chunk over (it is never written again) once it is `full`.
 */
export class CopyTextEncoder {
  private bytes: Buffer;
  private length = 0;
  /** Values written in the row being written field by field (`field`, then `endRow`). */
  private fieldsInRow = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.bytes = Buffer.allocUnsafe(chunkBytes + SLACK_BYTES);
  }

  /** The chunk has reached its intended size. */
  get full(): boolean {
    return this.length >= this.chunkBytes;
  }

  get empty(): boolean {
    return this.length === 0;
  }

  writeRow(row: readonly CopyValue[]): void {
    for (let index = 0; index < row.length; index++) this.field(row[index] as CopyValue);
    this.endRow();
  }

  /** One value of a row written field by field, for a row laid out otherwise than its source (end it with `endRow`). */
  field(value: CopyValue): void {
    if (this.fieldsInRow++ > 0) this.writeByte(TAB);
    this.writeValue(value);
  }

  endRow(): void {
    this.writeByte(LF);
    this.fieldsInRow = 0;
  }

  /** The bytes written since the last `take`. */
  take(): Buffer {
    const chunk = this.bytes.subarray(0, this.length);
    this.bytes = Buffer.allocUnsafe(this.chunkBytes + SLACK_BYTES);
    this.length = 0;
    return chunk;
  }

  private writeValue(value: CopyValue): void {
    if (value === null) {
      this.reserve(2);
      this.bytes[this.length++] = BACKSLASH;
      this.bytes[this.length++] = 0x4e; // N
    } else if (typeof value === "boolean")
      this.writeByte(value ? 0x74 : 0x66); // t / f
    else this.writeText(typeof value === "string" ? value : String(value));
  }

  private writeByte(byte: number): void {
    this.reserve(1);
    this.bytes[this.length++] = byte;
  }

  /** UTF-8 with COPY's escapes; a lone surrogate becomes U+FFFD, as `Buffer.from` does. */
  private writeText(text: string): void {
    // At most 3 bytes per UTF-16 unit (an escape takes 2, a surrogate pair 4 for 2 units).
    this.reserve(3 * text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let index = 0; index < text.length; index++) {
      let code = text.charCodeAt(index);
      if (code < 0x80) {
        if (code === BACKSLASH || code === TAB || code === LF || code === CR) {
          bytes[at++] = BACKSLASH;
          code = code === BACKSLASH ? BACKSLASH : code === TAB ? 0x74 : code === LF ? 0x6e : 0x72; // \\ \t \n \r
        }
        bytes[at++] = code;
      } else if (code < 0x800) {
        bytes[at++] = 0xc0 | (code >> 6);
        bytes[at++] = 0x80 | (code & 0x3f);
      } else if (code >= 0xd800 && code <= 0xdfff) {
        const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          index++;
          bytes[at++] = 0xf0 | (point >> 18);
          bytes[at++] = 0x80 | ((point >> 12) & 0x3f);
          bytes[at++] = 0x80 | ((point >> 6) & 0x3f);
          bytes[at++] = 0x80 | (point & 0x3f);
        } else {
          bytes[at++] = 0xef;
          bytes[at++] = 0xbf;
          bytes[at++] = 0xbd;
        }
      } else {
        bytes[at++] = 0xe0 | (code >> 12);
        bytes[at++] = 0x80 | ((code >> 6) & 0x3f);
        bytes[at++] = 0x80 | (code & 0x3f);
      }
    }
    this.length = at;
  }

  /** Room for `count` more bytes: the chunk grows past its intended size rather than splitting a row. */
  private reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.length + count));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
