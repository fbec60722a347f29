import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE runs (
      run_id        text PRIMARY KEY,
      drop_key      text NOT NULL,
      status        text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
      as_of         date,
      config_hash   text NOT NULL,
      input_files   jsonb NOT NULL,
      started_at    timestamptz NOT NULL,
      finished_at   timestamptz,
      failed_stage  text,
      error_message text,
      summary       jsonb
    );
    CREATE TABLE stage_executions (
      run_id        text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      stage         text NOT NULL,
      shard         integer NOT NULL DEFAULT -1,
      status        text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
      attempts      integer NOT NULL DEFAULT 1,
      started_at    timestamptz NOT NULL,
      finished_at   timestamptz,
      duration_ms   integer,
      counts        jsonb,
      error_message text,
      PRIMARY KEY (run_id, stage, shard)
    );
    CREATE TABLE ingested_files (
      run_id        text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      file_name     text NOT NULL,
      s3_key        text NOT NULL,
      sha256        text NOT NULL,
      kind          text,
      encoding      text,
      delimiter     text,
      status        text NOT NULL CHECK (status IN ('INGESTED', 'SKIPPED_DUPLICATE', 'REJECTED')),
      rows_read     integer NOT NULL DEFAULT 0,
      rows_accepted integer NOT NULL DEFAULT 0,
      rows_rejected integer NOT NULL DEFAULT 0,
      reasons       jsonb NOT NULL DEFAULT '{}'::jsonb,
      duration_ms   integer NOT NULL DEFAULT 0,
      PRIMARY KEY (run_id, s3_key)
    );
    CREATE INDEX ingested_files_sha256 ON ingested_files (sha256) WHERE status = 'INGESTED';
    CREATE TABLE ingest_rejects (
      run_id      text NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
      ordinal     integer NOT NULL,
      file_name   text NOT NULL,
      line        integer,
      column_name text,
      value       text,
      reason      text NOT NULL,
      message     text NOT NULL,
      PRIMARY KEY (run_id, ordinal)
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, "DROP TABLE ingest_rejects; DROP TABLE ingested_files; DROP TABLE stage_executions; DROP TABLE runs;");
}
