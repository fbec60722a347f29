import type { CsvDelimiter } from "./detect-delimiter";

/** One CSV record: its raw field texts and the physical line it starts on (the text's first line = 1). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** The text ended inside a quoted field: nothing from `line` on can be read as CSV. */
export class CsvQuoteNotClosedError extends Error {
  override name = "CsvQuoteNotClosedError";
  constructor(
    /** The line after the last record read (blank lines before the broken record included). */
    readonly line: number,
    /** The line of the quote that never closes. */
    readonly quoteLine: number,
  ) {
    super(`Quote Not Closed: the parsing is finished with an opening quote at line ${quoteLine}`);
  }
}

type RecordDelimiter = "" | "\r\n" | "\n" | "\r";

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const BOM = 0xfeff;
/** `recordDelimiterAt`: there is not enough text yet to tell. */
const UNKNOWN = -1;

/**
 * Splits a CSV text, fed in chunks, into records: RFC 4180 quoting (`""` inside quotes), a quote inside an
 * unquoted field is data, ragged rows kept, lines with nothing on them skipped, a leading BOM removed.
 *
 * It reads exactly what csv-parse read with `relax_quotes`, `relax_column_count`, `skip_empty_lines` and `bom`,
 * the reader it replaces, including its less obvious choices:
 * - the first line break outside quotes (CRLF, LF or CR) is the record delimiter of the whole text; any other
 *   line break is data (a lone LF in a CRLF file stays inside its field);
 * - a closing quote followed by anything but a delimiter, a record delimiter, a NUL or the end of the text was
 *   not a closing quote: the field keeps both quotes and goes on unquoted (`"ab"c` reads `"ab"c`); after a NUL it
 *   goes on too, but without the quotes.
 *
 * A record's line counts every line break before it, a CRLF inside one field or as a record delimiter once.
 *
 * Most records contain no quote: those are found with `indexOf` on the chunk and split without looking at each
 * character. A record that does not end in the text received so far is read again, from its start, once more
 * text came in; waiting until the text has doubled keeps a 10 MB field linear.
 */
export class CsvRecordSplitter {
  private readonly delimiterCode: number;
  private recordDelimiter: RecordDelimiter = "";
  /** Text received and not yet split: the start of a record that has not ended yet. */
  private pending = "";
  /** Length `pending` must reach before it is scanned again. */
  private rescanAt = 0;
  private started = false;
  /** The line `pending` starts on. */
  private line = 1;
  private lineAfterLastRecord = 1;

  constructor(private readonly delimiter: CsvDelimiter) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** Adds the next chunk of text; the records it completes are appended to `out`. */
  push(chunk: string, out: CsvRecord[]): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === BOM) chunk = chunk.slice(1);
    }
    this.pending = this.pending.length === 0 ? chunk : this.pending + chunk;
    if (this.pending.length >= this.rescanAt) this.split(out, false);
  }

  /**
   * The text is complete: the last record goes to `out`. Throws `CsvQuoteNotClosedError` when the text ends
   * inside quotes; every record before the broken one is in `out` by then.
   */
  end(out: CsvRecord[]): void {
    this.split(out, true);
  }

  private split(out: CsvRecord[], atEnd: boolean): void {
    const text = this.pending;
    const length = text.length;
    // Where the next CR, LF and quote are, searched again only once passed (`length` when there is none).
    let nextCr = -1;
    let nextLf = -1;
    let nextQuote = -1;
    let pos = 0;
    while (pos < length) {
      const recordDelimiter = this.recordDelimiter;
      let end = -1;
      if (recordDelimiter !== "") {
        if (nextCr < pos) nextCr = indexOrLength(text, "\r", pos);
        if (nextLf < pos) nextLf = indexOrLength(text, "\n", pos);
        if (nextQuote < pos) nextQuote = indexOrLength(text, '"', pos);
        // The record ends at the first line break, which is its record delimiter, and has no quote before it.
        if (recordDelimiter === "\r\n") end = nextLf < length && nextLf === nextCr + 1 ? nextCr : -1;
        else if (recordDelimiter === "\n") end = nextLf < nextCr ? nextLf : -1;
        else end = nextCr < nextLf ? nextCr : -1;
        if (nextQuote < end) end = -1;
      }
      if (end >= 0) {
        if (end > pos) {
          out.push({ fields: this.splitUnquoted(text, pos, end), line: this.line });
          this.lineAfterLastRecord = this.line + 1;
        }
        this.line++;
        pos = end + recordDelimiter.length;
      } else {
        const next = this.readRecord(text, pos, atEnd, out);
        if (next < 0) break;
        pos = next;
      }
    }
    this.pending = pos < length ? text.slice(pos) : "";
    this.rescanAt = 2 * this.pending.length;
  }

  /** The fields of a record that has neither a quote nor a line break. */
  private splitUnquoted(text: string, start: number, end: number): string[] {
    const fields: string[] = [];
    let from = start;
    for (;;) {
      const at = text.indexOf(this.delimiter, from);
      if (at < 0 || at >= end) break;
      fields.push(text.slice(from, at));
      from = at + 1;
    }
    fields.push(text.slice(from, end));
    return fields;
  }

  /**
   * Reads the record starting at `start` character by character (quotes, data line breaks, the first line break
   * of the text). Returns where the next record starts, or -1 when the record does not end in `text` yet.
   */
  private readRecord(text: string, start: number, atEnd: boolean, out: CsvRecord[]): number {
    const length = text.length;
    const fields: string[] = [];
    /** Line breaks inside the record's fields. */
    let breaks = 0;
    let pos = start;
    for (;;) {
      let value = "";
      /** The field starts with a quote: even empty, it makes the line a record rather than a blank line. */
      let quoted = false;
      let from = pos;
      if (pos < length && text.charCodeAt(pos) === QUOTE) {
        quoted = true;
        const quoteLine = this.line + breaks;
        from = pos + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0) {
            if (atEnd) throw new CsvQuoteNotClosedError(this.lineAfterLastRecord, quoteLine);
            return -1;
          }
          breaks += countLineBreaks(text, from, quote);
          // Closing quote or the first of an escaped pair: the next character tells.
          if (quote + 1 >= length && !atEnd) return -1;
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          pos = quote + 1;
          break;
        }
        // Not followed by a delimiter, a record delimiter, a NUL or the end: the quotes were data (`"ab"c`).
        if (pos < length) {
          const next = text.charCodeAt(pos);
          if (next === CR || next === LF) {
            const delimiterLength = this.recordDelimiterAt(text, pos, atEnd);
            if (delimiterLength === UNKNOWN) return -1;
            if (delimiterLength === 0) value = `"${value}"`;
          } else if (next !== this.delimiterCode && next !== NUL) {
            value = `"${value}"`;
          }
        }
        from = pos;
      }
      // Unquoted text: the whole field, or what follows a quoted part that did not end the field.
      let delimiterLength = 0;
      for (; pos < length; pos++) {
        const code = text.charCodeAt(pos);
        if (code === this.delimiterCode) break;
        if (code === CR || code === LF) {
          delimiterLength = this.recordDelimiterAt(text, pos, atEnd);
          if (delimiterLength === UNKNOWN) return -1;
          if (delimiterLength > 0) break;
          breaks++;
        }
      }
      if (pos === length && !atEnd) return -1;
      value += text.slice(from, pos);
      if (pos < length && delimiterLength === 0) {
        fields.push(value);
        pos++;
        continue;
      }
      // The record ends, at a record delimiter or at the end of the text.
      if (fields.length > 0 || value !== "" || quoted) {
        fields.push(value);
        out.push({ fields, line: this.line });
        this.lineAfterLastRecord = this.line + breaks + (delimiterLength > 0 ? 1 : 0);
      }
      this.line += breaks + (delimiterLength > 0 ? 1 : 0);
      return pos + delimiterLength;
    }
  }

  /**
   * The length of the record delimiter at `pos` (a CR or LF), 0 when that line break is data, `UNKNOWN` when the
   * text received so far ends too soon to tell. The first line break found decides the record delimiter.
   */
  private recordDelimiterAt(text: string, pos: number, atEnd: boolean): number {
    const code = text.charCodeAt(pos);
    const crlfUnknown = code === CR && pos + 1 >= text.length && !atEnd;
    switch (this.recordDelimiter) {
      case "":
        if (crlfUnknown) return UNKNOWN;
        this.recordDelimiter = code === LF ? "\n" : text.charCodeAt(pos + 1) === LF ? "\r\n" : "\r";
        return this.recordDelimiter.length;
      case "\n":
        return code === LF ? 1 : 0;
      case "\r":
        return code === CR ? 1 : 0;
      case "\r\n":
        if (crlfUnknown) return UNKNOWN;
        return code === CR && text.charCodeAt(pos + 1) === LF ? 2 : 0;
    }
  }
}

function indexOrLength(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at < 0 ? text.length : at;
}

/** Line breaks in `text[from, to)`, a CRLF counted once. */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let pos = from; pos < to; pos++) {
    const code = text.charCodeAt(pos);
    if (code === LF) count++;
    else if (code === CR) {
      count++;
      if (pos + 1 < to && text.charCodeAt(pos + 1) === LF) pos++;
    }
  }
  return count;
}
