/**
 * A growable byte buffer with writers for the few things a French CSV line is made of (pre-encoded text, integers,
 * amounts in cents), so the million-line sales file is written without a string per line.
 */

const SEMICOLON = 0x3b;
const MINUS = 0x2d;
const COMMA = 0x2c;
const ZERO = 0x30;
/** U+00A0 NO-BREAK SPACE in UTF-8. */
const NO_BREAK_SPACE = [0xc2, 0xa0] as const;

export class ByteBuffer {
  private bytes: Buffer;
  private size = 0;
  private readonly digits = new Uint8Array(16);

  constructor(initialCapacity = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(initialCapacity);
  }

  get length(): number {
    return this.size;
  }

  append(chunk: Uint8Array): void {
    this.reserve(chunk.length);
    if (chunk.length > 32) {
      this.bytes.set(chunk, this.size);
    } else {
      for (let i = 0; i < chunk.length; i++) this.bytes[this.size + i] = chunk[i] as number;
    }
    this.size += chunk.length;
  }

  appendUtf8(text: string): void {
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes: reserving that bound saves measuring the text first.
    this.reserve(text.length * 3);
    this.size += this.bytes.write(text, this.size, "utf8");
  }

  appendByte(byte: number): void {
    this.reserve(1);
    this.bytes[this.size++] = byte;
  }

  appendSemicolon(): void {
    this.appendByte(SEMICOLON);
  }

  /** A non-negative integer, left-padded with zeros to `width` digits. */
  appendPadded(value: number, width: number): void {
    const count = this.toDigits(value);
    this.reserve(Math.max(width, count));
    for (let i = count; i < width; i++) this.bytes[this.size++] = ZERO;
    for (let i = count - 1; i >= 0; i--) this.bytes[this.size++] = this.digits[i] as number;
  }

  appendInteger(value: number): void {
    if (value < 0) this.appendByte(MINUS);
    this.appendPadded(Math.abs(value), 1);
  }

  /** Same text as `frenchCents`: `-1 234,56` with a NO-BREAK SPACE between thousands. */
  appendFrenchCents(cents: number): void {
    if (!Number.isInteger(cents)) throw new RangeError(`cents must be an integer, got ${cents}`);
    const magnitude = Math.abs(cents);
    const units = Math.floor(magnitude / 100);
    const fraction = magnitude % 100;
    const count = this.toDigits(units);
    this.reserve(count * 3 + 8);
    if (cents < 0) this.bytes[this.size++] = MINUS;
    for (let i = count - 1; i >= 0; i--) {
      this.bytes[this.size++] = this.digits[i] as number;
      if (i > 0 && i % 3 === 0) {
        this.bytes[this.size++] = NO_BREAK_SPACE[0];
        this.bytes[this.size++] = NO_BREAK_SPACE[1];
      }
    }
    this.bytes[this.size++] = COMMA;
    this.bytes[this.size++] = ZERO + Math.floor(fraction / 10);
    this.bytes[this.size++] = ZERO + (fraction % 10);
  }

  /** The bytes written so far, copied into a buffer of their exact size. */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.size));
  }

  /** Least significant digit first, in `this.digits`; returns how many. */
  private toDigits(value: number): number {
    let rest = value;
    let count = 0;
    do {
      this.digits[count++] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
    return count;
  }

  private reserve(extra: number): void {
    if (this.size + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.size + extra));
    this.bytes.copy(grown, 0, 0, this.size);
    this.bytes = grown;
  }
}
