/** One record of a data file, whatever its format: raw cell texts and where it starts. */
export interface FileRecord {
  fields: string[];
  /** CSV: the record's first physical line (header = line 1); `.xlsx`: the worksheet row number. */
  line: number;
}

/**
 * A file's records in batches (a decoded piece of a CSV, a run of worksheet rows): the consumer awaits once per
 * batch, not once per record — a million awaits cost more than the parsing they wait for. Batches are never empty.
 */
export type FileRecordBatches = AsyncGenerator<FileRecord[]>;

/** The file cannot be read from some point on (an unclosed quote, a corrupt workbook); `line` when known. */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
  constructor(
    message: string,
    readonly line: number | null,
  ) {
    super(message);
  }
}
