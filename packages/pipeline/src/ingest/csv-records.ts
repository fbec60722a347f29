import type { Readable } from "node:stream";
import { type CsvDelimiter, CsvQuoteNotClosedError, CsvRecordSplitter } from "@crm-reco/core";
import { type FileRecord, type FileRecordBatches, UnreadableFileError } from "./file-records";

/**
 * Streams the records of a decoded CSV text, a batch per piece of text: arrays of raw strings (fields are converted by the mapper), quoted
 * delimiters and line breaks kept, ragged rows allowed, blank lines skipped, each with its first physical line.
 *
 * When the text stops being CSV (a quote never closed), every record before that point is still yielded, then an
 * `UnreadableFileError` names the line after the last record read.
 */
export async function* readCsvRecords(text: Readable | NodeJS.ReadableStream, delimiter: CsvDelimiter): FileRecordBatches {
  const splitter = new CsvRecordSplitter(delimiter);
  /** Only for a stream of bytes rather than text (`createDecoder` gives text). */
  const bytes = new TextDecoder("utf-8");
  try {
    for await (const chunk of text) {
      const records: FileRecord[] = [];
      splitter.push(typeof chunk === "string" ? chunk : bytes.decode(chunk as Uint8Array, { stream: true }), records);
      if (records.length > 0) yield records;
    }
    const records: FileRecord[] = [];
    splitter.push(bytes.decode(), records);
    let failure: CsvQuoteNotClosedError | null = null;
    try {
      splitter.end(records);
    } catch (error) {
      if (!(error instanceof CsvQuoteNotClosedError)) throw error;
      failure = error;
    }
    if (records.length > 0) yield records;
    if (failure) throw new UnreadableFileError(failure.message, failure.line);
  } finally {
    (text as Readable).destroy?.();
  }
}
