import type { DatabaseHandle } from "../connect";

export interface RecordedRunInput {
  runId: string;
  dropKey: string;
  /** The inbox objects the run read (bucket, key, etag, size), as ingest recorded them. */
  inputFiles: Array<{ bucket: string; key: string; etag?: string; size?: number }>;
}

/** What a re-run needs to start a recorded run again with the same input. */
export async function loadRecordedRunInput(handle: DatabaseHandle, runId: string): Promise<RecordedRunInput | undefined> {
  const row = await handle.db
    .selectFrom("runs")
    .select(["run_id", "drop_key", "input_files"])
    .where("run_id", "=", runId)
    .executeTakeFirst();
  if (!row) return undefined;
  const files = typeof row.input_files === "string" ? (JSON.parse(row.input_files) as RecordedRunInput["inputFiles"]) : row.input_files;
  return { runId: row.run_id, dropKey: row.drop_key, inputFiles: files ?? [] };
}
