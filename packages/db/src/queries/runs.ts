import { sql } from "kysely";
import type { DatabaseHandle } from "../connect";

export interface RunStatusRow {
  runId: string;
  status: string;
  asOf: string | null;
  configHash: string;
  failedStage: string | null;
  errorMessage: string | null;
  summary: Record<string, unknown>;
}

export async function loadRunStatus(handle: DatabaseHandle, runId: string): Promise<RunStatusRow | undefined> {
  const run = await handle.db
    .selectFrom("runs")
    .select(["run_id", "status", "as_of", "config_hash", "failed_stage", "error_message", "summary"])
    .where("run_id", "=", runId)
    .executeTakeFirst();
  if (!run) return undefined;
  return {
    runId: run.run_id,
    status: run.status,
    asOf: run.as_of,
    configHash: run.config_hash,
    failedStage: run.failed_stage,
    errorMessage: run.error_message,
    summary: run.summary ?? {},
  };
}

/** Notify's last word on a run that went all the way. */
export async function setRunSucceeded(handle: DatabaseHandle, runId: string, finishedAt: Date): Promise<boolean> {
  const result = await handle.db
    .updateTable("runs")
    .set({ status: "SUCCEEDED", finished_at: finishedAt, failed_stage: null, error_message: null })
    .where("run_id", "=", runId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The stage a failed run stopped in: its most recently started execution that failed or never finished
 * (a Lambda timeout leaves RUNNING). Null when no stage was recorded (e.g. the input was refused).
 */
export async function findFailedStage(handle: DatabaseHandle, runId: string): Promise<string | null> {
  const { rows } = await sql<{ stage: string }>`
    SELECT stage FROM stage_executions
    WHERE run_id = ${runId} AND status IN ('FAILED', 'RUNNING')
    ORDER BY started_at DESC, CASE status WHEN 'FAILED' THEN 0 ELSE 1 END, stage COLLATE "C", shard
    LIMIT 1`.execute(handle.db);
  return rows[0]?.stage ?? null;
}

/**
 * Marks a run FAILED with its stage and reason. Idempotent: a repeated call keeps the first finish time.
 * Returns false when the run row does not exist (nothing to mark).
 */
export async function setRunFailed(
  handle: DatabaseHandle,
  runId: string,
  failure: { failedStage: string | null; errorMessage: string | null; finishedAt: Date },
): Promise<boolean> {
  const { rows } = await sql<{ run_id: string }>`
    UPDATE runs SET
      status = 'FAILED',
      finished_at = CASE WHEN status = 'FAILED' AND finished_at IS NOT NULL THEN finished_at ELSE ${failure.finishedAt} END,
      failed_stage = ${failure.failedStage},
      error_message = ${failure.errorMessage}
    WHERE run_id = ${runId}
    RETURNING run_id`.execute(handle.db);
  return rows.length > 0;
}
