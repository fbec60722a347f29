import type { Readable } from "node:stream";
import { type CsvDelimiter, PhysicalLineTracker } from "@crm-reco/core";
import { parse } from "csv-parse";

export interface CsvRecord {
  fields: string[];
  /** The record's first physical line (header = line 1). */
  line: number;
}

/** csv-parse's error when the text cannot be read as CSV from some line on (e.g. an unclosed quote). */
export class MalformedCsvError extends Error {
  override name = "MalformedCsvError";
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}

/**
 * Streams the records of a decoded CSV text: arrays of raw strings (fields are converted by the mapper, not by
 * csv-parse's slow `cast`), quoted delimiters and line breaks kept, ragged rows allowed, blank lines skipped.
 */
export async function* readCsvRecords(text: Readable | NodeJS.ReadableStream, delimiter: CsvDelimiter): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  const lines = new PhysicalLineTracker();
  (text as Readable).on("error", (error: Error) => parser.destroy(error));
  text.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { fields: item.record, line: lines.firstLine(item.record, item.info.lines) };
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("CSV_")) {
      const reported = (error as { lines?: unknown }).lines;
      throw new MalformedCsvError((error as Error).message, typeof reported === "number" ? lines.correct(reported) : null);
    }
    throw error;
  } finally {
    text.unpipe?.(parser);
    (text as Readable).destroy?.();
  }
}
