import type { DatabaseHandle } from "../connect";

export interface RecordedRunInput {
  runId: string;
  dropKey: string;
  /** The as-of date the run used (`null` when it stopped before ingest derived one). */
  asOf: string | null;
  /** The inbox objects the run read (bucket, key, etag, size), as ingest recorded them. */
  inputFiles: Array<{ bucket: string; key: string; etag?: string; size?: number }>;
}

/** What a re-run needs to start a recorded run again with the same input. */
export async function loadRecordedRunInput(handle: DatabaseHandle, runId: string): Promise<RecordedRunInput | undefined> {
  const row = await handle.db
    .selectFrom("runs")
    .select(["run_id", "drop_key", "as_of", "input_files"])
    .where("run_id", "=", runId)
    .executeTakeFirst();
  if (!row) return undefined;
  const files = typeof row.input_files === "string" ? (JSON.parse(row.input_files) as RecordedRunInput["inputFiles"]) : row.input_files;
  return { runId: row.run_id, dropKey: row.drop_key, asOf: row.as_of, inputFiles: files ?? [] };
}

/** How many re-runs of a run the console has recorded (`RERUN` review actions). */
export async function countRecordedReruns(handle: DatabaseHandle, runId: string): Promise<number> {
  const row = await handle.db
    .selectFrom("review_actions")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("run_id", "=", runId)
    .where("action", "=", "RERUN")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
