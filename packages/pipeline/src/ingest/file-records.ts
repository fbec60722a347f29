/** One record of a data file, whatever its format: raw cell texts and where it starts. */
export interface FileRecord {
  fields: string[];
  /** CSV: the record's first physical line (header = line 1); `.xlsx`: the worksheet row number. */
  line: number;
}

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
