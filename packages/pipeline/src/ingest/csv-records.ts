import type { Readable } from "node:stream";
import { type CsvDelimiter, PhysicalLineTracker } from "@crm-reco/core";
import { parse } from "csv-parse";
import { type FileRecord, UnreadableFileError } from "./file-records";

interface ParsedRecord {
  record: string[];
  /** csv-parse's count of lines read when the record ended. */
  lines: number;
}

/**
 * Streams the records of a decoded CSV text: arrays of raw strings (fields are converted by the mapper, not by
 * csv-parse's slow `cast`), quoted delimiters and line breaks kept, ragged rows allowed, blank lines skipped.
 *
 * When the text stops being CSV (a quote never closed), every record before that point is still yielded, then an
 * `UnreadableFileError` names the line where the broken record starts. That is why the parser is fed by hand and
 * its records collected by `on_record` rather than read from its stream: a stream that errors drops the records
 * it had buffered.
 */
export async function* readCsvRecords(text: Readable | NodeJS.ReadableStream, delimiter: CsvDelimiter): AsyncGenerator<FileRecord> {
  let parsed: ParsedRecord[] = [];
  let failure: Error | null = null;
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    on_record: (record: string[], context: { lines: number }) => {
      parsed.push({ record, lines: context.lines });
      return null;
    },
  });
  parser.on("error", (error: Error) => {
    failure ??= error;
  });
  // Records never reach the readable side (on_record keeps them); it must still flow for the stream to end.
  parser.resume();
  const lines = new PhysicalLineTracker();
  let lastRecordEnd = 0;
  function* take(): Generator<FileRecord> {
    const batch = parsed;
    parsed = [];
    for (const item of batch) {
      lastRecordEnd = lines.correct(item.lines);
      yield { fields: item.record, line: lines.firstLine(item.record, item.lines) };
    }
  }

  try {
    for await (const chunk of text) {
      parser.write(chunk);
      yield* take();
      if (failure) break;
    }
    if (!failure && !parser.destroyed) {
      const ended = new Promise<void>((resolve) => {
        parser.once("end", resolve);
        parser.once("close", resolve);
      });
      parser.end();
      await ended;
    }
    yield* take();
    if (failure) {
      const error = failure as Error & { code?: unknown };
      if (typeof error.code === "string" && error.code.startsWith("CSV_")) throw new UnreadableFileError(error.message, lastRecordEnd + 1);
      throw error;
    }
  } finally {
    parser.destroy();
    (text as Readable).destroy?.();
  }
}
