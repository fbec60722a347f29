import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { type FileRecord, type FileRecordBatches, UnreadableFileError } from "./file-records";
import { xlsxCellText } from "./xlsx-cell-text";

/**
 * Streams the rows of an `.xlsx` workbook's first worksheet as records (`line` = the worksheet row number; empty
 * rows are skipped, as blank CSV lines are). The workbook is read straight from the S3 body stream by ExcelJS's
 * streaming reader, never held in memory whole: a zip is read entry by entry, and a worksheet stored before the
 * shared strings (Excel's own order) is spilled by ExcelJS to a temporary file until they are known.
 * Styles are read so that date-formatted cells come out as dates; formulas give their cached result.
 * A corrupt or truncated workbook becomes an `UnreadableFileError`.
 */
export async function* readXlsxRecords(body: Readable): FileRecordBatches {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  let lastRow: number | null = null;
  let batch: FileRecord[] = [];
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        lastRow = row.number;
        const values = row.values as unknown[];
        const fields: string[] = [];
        for (let column = 1; column < values.length; column++) fields.push(xlsxCellText(values[column]));
        if (fields.some((field) => field.trim() !== "")) batch.push({ fields, line: row.number });
        if (batch.length >= ROWS_PER_BATCH) {
          yield batch;
          batch = [];
        }
      }
      break;
    }
    if (batch.length > 0) yield batch;
  } catch (error) {
    if (batch.length > 0) yield batch;
    if (error instanceof UnreadableFileError) throw error;
    const line = lastRow === null ? null : lastRow + 1;
    throw new UnreadableFileError(`not a readable .xlsx workbook: ${(error as Error).message}`, line);
  } finally {
    body.destroy();
  }
}

const ROWS_PER_BATCH = 1_000;

/** A zip archive's local file header: how an `.xlsx` (an Office Open XML zip) starts, whatever its name. */
export function looksLikeZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}
