import { toCsv } from "../csv/csv-writer";

/** The rejects format of DOMAIN §1; `line` and `column` are empty for a whole-file reject. */
export const rejectsCsvHeader = ["file", "line", "column", "value", "reason", "message"] as const;

export interface RejectRow {
  file: string;
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
  message: string;
}

export function buildRejectsCsv(rows: readonly RejectRow[]): string {
  return toCsv(
    rejectsCsvHeader,
    rows.map((row) => [row.file, row.line, row.column, row.value, row.reason, row.message]),
  );
}
