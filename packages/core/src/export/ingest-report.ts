import { toCanonicalJson } from "./canonical-json";

export interface IngestedFileFacts {
  fileName: string;
  s3Key: string;
  sha256: string;
  kind: string | null;
  encoding: string | null;
  delimiter: string | null;
  status: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Reject reasons histogram. */
  reasons: Record<string, number>;
  durationMs: number;
}

/** ingest_report.json: what each file of the drop was recognised as, and what became of its rows. */
export function buildIngestReport(runId: string, files: readonly IngestedFileFacts[]): string {
  const totals = { files: files.length, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0 };
  for (const file of files) {
    totals.rowsRead += file.rowsRead;
    totals.rowsAccepted += file.rowsAccepted;
    totals.rowsRejected += file.rowsRejected;
  }
  return toCanonicalJson({ runId, totals, files });
}
