import {
  createRecordMapper,
  detectKind,
  type IngestKind,
  type MappingsConfig,
  type SalesLineReferences,
  type SalesLineRow,
} from "@crm-reco/core";
import { type BulkRowBatches, type BulkValue, type StagingKind, stagingRowValues } from "@crm-reco/db";
import { type FileRecord, type FileRecordBatches, UnreadableFileError } from "./file-records";
import type { RejectSink } from "./reject-writer";

export interface FileParseResult {
  status: "INGESTED" | "REJECTED";
  kind: IngestKind | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Reject reasons histogram (one count per reject entry). */
  reasons: Record<string, number>;
}

export interface ParseFileOptions {
  /** Stages a file's accepted rows (`stageRows`, or a first load of sales lines); `hasColumn` tells the file's fields. */
  stage: (kind: StagingKind, hasColumn: (field: string) => boolean, batches: BulkRowBatches) => Promise<number>;
  runId: string;
  fileName: string;
  /** Position of the file in the run's input (0-based): later files update earlier data. */
  fileOrdinal: number;
  /** The file's records, header first (`readCsvRecords` or `readXlsxRecords`). */
  records: FileRecordBatches;
  mappings: MappingsConfig;
  rejects: RejectSink;
  /** Gathers the customers and articles the run's accepted sales lines name (for the merge's stub rows). */
  salesLineReferences: SalesLineReferences;
}

/**
 * Parses one file's records (CSV or `.xlsx`), streaming: recognises its kind from the header, maps and validates every record,
 * stages accepted rows in bulk and writes one reject per bad cell. A bad row never stops the good ones; a file
 * whose kind is unknown or lacks a required column is rejected whole (one reject with empty line and column).
 */
export async function parseAndStageFile(options: ParseFileOptions): Promise<FileParseResult> {
  const { fileName, rejects } = options;
  const result: FileParseResult = { status: "INGESTED", kind: null, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, reasons: {} };
  const reject = async (line: number | null, column: string | null, value: string | null, reason: RejectEntryReason, message: string) => {
    result.reasons[reason] = (result.reasons[reason] ?? 0) + 1;
    await rejects.add({ fileName, line, column, value, reason, message });
  };

  const batches = options.records;
  let firstBatch: IteratorResult<FileRecord[]>;
  try {
    firstBatch = await batches.next();
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    result.status = "REJECTED";
    await reject(null, null, null, "UNKNOWN_KIND", `the header cannot be read: ${error.message.slice(0, 200)}`);
    return result;
  }
  if (firstBatch.done) {
    result.status = "REJECTED";
    await reject(null, null, null, "EMPTY_FILE", "the file has no header line");
    return result;
  }
  const [headerRecord, ...firstRecords] = firstBatch.value;
  const header = (headerRecord as FileRecord).fields.map((cell) => cell.trim());
  const detection = detectKind(header, options.mappings);
  if (detection.status !== "OK") {
    await batches.return(undefined);
    result.status = "REJECTED";
    if (detection.status === "UNKNOWN_KIND") {
      await reject(null, null, null, "UNKNOWN_KIND", "the header matches no kind of config/mappings.yaml");
    } else {
      result.kind = detection.kind;
      await reject(null, null, null, "MISSING_COLUMN", `${detection.kind}: missing required column(s): ${detection.missing.join(", ")}`);
    }
    return result;
  }
  const kind = detection.kind;
  result.kind = kind;
  const mapRecord = createRecordMapper(kind, detection.columns, options.mappings);
  const stagedValues = stagingRowValues(kind);
  const references = kind === "sales_lines" ? options.salesLineReferences : null;

  /** Maps a batch of records: accepted rows are returned for staging, bad cells go to rejects. */
  async function mapBatch(records: readonly FileRecord[]): Promise<BulkValue[][]> {
    const rows: BulkValue[][] = [];
    for (const { fields, line } of records) {
      if (isBlankRecord(fields)) continue;
      result.rowsRead++;
      const mapped = mapRecord(fields);
      if (mapped.ok) {
        result.rowsAccepted++;
        references?.add(mapped.row as SalesLineRow);
        rows.push(stagedValues(mapped.row, options.runId, options.fileOrdinal, line));
      } else {
        result.rowsRejected++;
        for (const cell of mapped.rejects) {
          const index = cell.columnIndex;
          await reject(
            line,
            index === null ? null : (header[index] ?? null),
            index === null ? null : (fields[index] ?? ""),
            cell.reason,
            cell.message,
          );
        }
      }
    }
    return rows;
  }

  async function* acceptedRowBatches(): AsyncGenerator<BulkValue[][]> {
    let rows = await mapBatch(firstRecords);
    for (;;) {
      if (rows.length > 0) yield rows;
      let next: IteratorResult<FileRecord[]>;
      try {
        next = await batches.next();
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error;
        await reject(error.line, null, null, "MALFORMED_CSV", `not readable from here on: ${error.message.slice(0, 200)}`);
        return;
      }
      if (next.done) return;
      rows = await mapBatch(next.value);
    }
  }

  await options.stage(kind, (field) => detection.columns.has(field as never), acceptedRowBatches());
  return result;
}

/** Every cell blank (a line of delimiters, an empty worksheet row): skipped, not counted. */
function isBlankRecord(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== "") return false;
  return true;
}

type RejectEntryReason = Parameters<RejectSink["add"]>[0]["reason"];
