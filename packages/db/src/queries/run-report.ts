import { type RawBuilder, sql } from "kysely";
import type { DatabaseHandle } from "../connect";

export interface StageReportRow {
  stage: string;
  status: string;
  shards: number;
  attempts: number;
  durationMs: number;
  counts: Record<string, number>;
}

export interface RunReport {
  runId: string;
  status: string;
  asOf: string | null;
  configHash: string;
  failedStage: string | null;
  errorMessage: string | null;
  stages: StageReportRow[];
  scenarios: Record<string, number>;
  gates: Record<string, number>;
  summary: Record<string, unknown>;
}

const STAGE_ORDER = ["ingest", "features", "scenarios", "recommend", "audit", "export", "notify"];

/** What the CLI and the console show about a run: stage bookkeeping, scenario mix, gate counts. */
export async function loadRunReport(handle: DatabaseHandle, runId: string): Promise<RunReport | undefined> {
  const run = await handle.db.selectFrom("runs").selectAll().where("run_id", "=", runId).executeTakeFirst();
  if (!run) return undefined;
  const executions = await handle.db
    .selectFrom("stage_executions")
    .select(["stage", "shard", "status", "attempts", "duration_ms", "counts"])
    .where("run_id", "=", runId)
    .execute();
  const stages = new Map<string, StageReportRow>();
  for (const execution of executions) {
    const row = stages.get(execution.stage) ?? {
      stage: execution.stage,
      status: "SUCCEEDED",
      shards: 0,
      attempts: 0,
      durationMs: 0,
      counts: {},
    };
    row.shards += execution.shard >= 0 ? 1 : 0;
    row.attempts = Math.max(row.attempts, execution.attempts);
    row.durationMs += execution.duration_ms ?? 0;
    if (execution.status !== "SUCCEEDED") row.status = execution.status;
    for (const [name, value] of Object.entries(execution.counts ?? {})) row.counts[name] = (row.counts[name] ?? 0) + value;
    stages.set(execution.stage, row);
  }
  const scenarios = await countBy(
    handle,
    sql`SELECT scenario AS key, count(*) AS n FROM customer_scenarios WHERE run_id = ${runId} GROUP BY scenario`,
  );
  const gates = await countBy(handle, sql`SELECT gate AS key, count(*) AS n FROM audit_results WHERE run_id = ${runId} GROUP BY gate`);
  return {
    runId,
    status: run.status,
    asOf: run.as_of,
    configHash: run.config_hash,
    failedStage: run.failed_stage,
    errorMessage: run.error_message,
    stages: [...stages.values()].sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage)),
    scenarios,
    gates,
    summary: run.summary ?? {},
  };
}

async function countBy(handle: DatabaseHandle, query: RawBuilder<unknown>): Promise<Record<string, number>> {
  const { rows } = (await query.execute(handle.db)) as { rows: Array<{ key: string; n: number }> };
  return Object.fromEntries(rows.map((row) => [row.key, Number(row.n)]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)));
}
