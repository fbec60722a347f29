import type { ColumnType, Generated, JSONColumnType } from "kysely";

/** Dates travel as ISO `YYYY-MM-DD` strings on both dialects (see connect.ts type parsers). */
export type IsoDate = string;
/** numeric columns travel as exact decimal strings on both dialects. */
export type Decimal = ColumnType<string, string | number, string | number>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type RunStatus = "RUNNING" | "SUCCEEDED" | "FAILED";
export type StageStatus = "RUNNING" | "SUCCEEDED" | "FAILED";

export interface RunsTable {
  run_id: string;
  drop_key: string;
  status: RunStatus;
  as_of: IsoDate | null;
  config_hash: string;
  input_files: JSONColumnType<Array<{ bucket: string; key: string; etag?: string; size?: number }>>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  failed_stage: string | null;
  error_message: string | null;
  summary: JSONColumnType<Record<string, unknown>> | null;
}

export interface StageExecutionsTable {
  run_id: string;
  stage: string;
  /** Map shard index for sharded stages, -1 otherwise. */
  shard: number;
  status: StageStatus;
  attempts: number;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  duration_ms: number | null;
  counts: JSONColumnType<Record<string, number>> | null;
  error_message: string | null;
}

export interface IngestedFilesTable {
  run_id: string;
  file_name: string;
  s3_key: string;
  sha256: string;
  kind: string | null;
  encoding: string | null;
  delimiter: string | null;
  /** INGESTED, SKIPPED_DUPLICATE (same SHA-256 ingested by an earlier run) or REJECTED (whole file). */
  status: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  reasons: JSONColumnType<Record<string, number>>;
  duration_ms: number;
}

export interface IngestRejectsTable {
  run_id: string;
  ordinal: number;
  file_name: string;
  line: number | null;
  column_name: string | null;
  value: string | null;
  reason: string;
  message: string;
}

export interface RunTables {
  runs: RunsTable;
  stage_executions: StageExecutionsTable;
  ingested_files: IngestedFilesTable;
  ingest_rejects: IngestRejectsTable;
}

export type { Generated };
