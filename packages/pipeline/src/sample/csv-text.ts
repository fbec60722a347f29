/**
 * Excel-flavoured French CSV text, as iSaVigne and iSaCompta write it: `;` delimiter, CRLF, decimal comma,
 * NO-BREAK SPACE thousands separator, fields quoted only when they must be.
 */
import iconv from "iconv-lite";
import { ByteBuffer } from "./byte-buffer";

export const CSV_DELIMITER = ";";
export const CRLF = "\r\n";
const NO_BREAK_SPACE = "\u00a0";
const NEEDS_QUOTES = /[;"\r\n]/;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CRLF_BYTES = Buffer.from(CRLF);
/** Small batches: pending line strings then die young instead of being promoted and swept by full collections. */
const FLUSH_EVERY_LINES = 1000;

export type CsvEncoding = "utf8" | "utf8-bom" | "windows-1252";

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  // join() yields one flat string; building it with += would keep a rope of small strings per line alive.
  return fields.map(csvField).join(CSV_DELIMITER);
}

function groupThousands(digits: string): string {
  if (digits.length <= 3) return digits;
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += NO_BREAK_SPACE + digits.slice(i, i + 3);
  return grouped;
}

/** An amount held in integer cents, e.g. `123456` → `1 234,56` (NO-BREAK SPACE), `-5` → `-0,05`. */
export function frenchCents(cents: number): string {
  if (!Number.isInteger(cents)) throw new RangeError(`cents must be an integer, got ${cents}`);
  const magnitude = Math.abs(cents);
  const units = Math.floor(magnitude / 100);
  const fraction = magnitude % 100;
  return `${cents < 0 ? "-" : ""}${groupThousands(String(units))},${fraction < 10 ? "0" : ""}${fraction}`;
}

/** A plain decimal with the fewest digits needed (at most `maxDecimals`): `37.5` → `37,5`, `75` → `75`. */
export function frenchDecimal(value: number, maxDecimals = 2): string {
  const fixed = value.toFixed(maxDecimals).replace(/\.?0+$/, "");
  const [integerPart = "0", fractionPart] = fixed.split(".");
  const negative = integerPart.startsWith("-");
  const grouped = groupThousands(negative ? integerPart.slice(1) : integerPart);
  return `${negative ? "-" : ""}${grouped}${fractionPart ? `,${fractionPart}` : ""}`;
}

/**
 * Collects the lines of one CSV file and encodes them as they come into one growing buffer, so a big file is never
 * held as a mass of strings nor as a thousand small buffers.
 */
export class CsvTable {
  private readonly out = new ByteBuffer();
  private pending: string[] = [];
  private rows = 0;

  constructor(
    readonly header: readonly string[],
    readonly encoding: CsvEncoding,
  ) {
    if (encoding === "utf8-bom") this.out.append(UTF8_BOM);
    this.out.append(encodeText(csvLine(header) + CRLF, encoding));
  }

  addRow(fields: readonly string[]): void {
    if (fields.length !== this.header.length) {
      throw new RangeError(`row has ${fields.length} fields, header has ${this.header.length}`);
    }
    this.pending.push(csvLine(fields));
    this.rows++;
    if (this.pending.length >= FLUSH_EVERY_LINES) this.flush();
  }

  /**
   * For hot loops on UTF-8 tables: the buffer to write one line's bytes into (fields already escaped and joined
   * with `;`), to be finished with `endLine()`.
   */
  lineWriter(): ByteBuffer {
    if (this.encoding === "windows-1252") throw new Error("direct line writing is for UTF-8 tables");
    this.flush();
    return this.out;
  }

  endLine(): void {
    this.out.append(CRLF_BYTES);
    this.rows++;
  }

  get rowCount(): number {
    return this.rows;
  }

  /** The file's bytes, in a buffer of their exact size. */
  toBuffer(): Buffer {
    this.flush();
    return this.out.toBuffer();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join(CRLF) + CRLF;
    this.pending = [];
    if (this.encoding === "windows-1252") this.out.append(encodeText(text, this.encoding));
    else this.out.appendUtf8(text);
  }
}

function encodeText(text: string, encoding: CsvEncoding): Buffer {
  return encoding === "windows-1252" ? iconv.encode(text, "windows-1252") : Buffer.from(text, "utf8");
}
