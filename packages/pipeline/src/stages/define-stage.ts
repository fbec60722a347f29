import { sql } from "kysely";
import type { z } from "zod";
import { createLogger } from "../logger";
import { getStageContext, type StageContext } from "./context";
import { TransientError } from "./errors";

export type StageName = "ingest" | "features" | "scenarios" | "recommend" | "audit" | "export" | "notify";

export interface StageSpec<I extends z.ZodType, O extends z.ZodType<{ runId: string; counts?: Record<string, number> }>> {
  name: StageName;
  input: I;
  output: O;
  /** Map shard index for sharded stages (recorded in stage_executions). */
  shardOf?: (input: z.infer<I>) => number;
  /** Runs before bookkeeping, e.g. ingest registers the run itself. */
  prepare?: (context: StageContext, input: z.infer<I>) => Promise<void>;
  run: (context: StageContext, input: z.infer<I>) => Promise<z.infer<O>>;
}

export type StageHandler<O> = (event: unknown) => Promise<O>;

/**
 * Wraps a stage: validates input and output against the contract, records the execution (status,
 * attempts, timings, counts, error) in stage_executions, logs one summary line, and turns
 * connection-level failures into TransientError so the state machine's Retry applies.
 */
export function defineStage<I extends z.ZodType, O extends z.ZodType<{ runId: string; counts?: Record<string, number> }>>(
  spec: StageSpec<I, O>,
): StageHandler<z.infer<O>> {
  return async (event) => {
    const input = spec.input.parse(event) as z.infer<I> & { runId: string };
    const context = await getStageContext();
    await spec.prepare?.(context, input);
    const shard = spec.shardOf?.(input) ?? -1;
    const log = createLogger({ stage: spec.name, runId: input.runId, ...(shard >= 0 ? { shard } : {}) });
    const startedAt = new Date();
    await recordStart(context, input.runId, spec.name, shard, startedAt);
    try {
      const output = spec.output.parse(await spec.run(context, input)) as z.infer<O>;
      const durationMs = Date.now() - startedAt.getTime();
      await recordEnd(context, input.runId, spec.name, shard, "SUCCEEDED", durationMs, output.counts ?? {}, null);
      log.info("stage.succeeded", { durationMs, counts: output.counts ?? {} });
      return output;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await recordEnd(context, input.runId, spec.name, shard, "FAILED", Date.now() - startedAt.getTime(), null, message).catch(() => {});
      log.error("stage.failed", { error: error instanceof Error ? error.name : "Error", message: message.slice(0, 500) });
      throw isTransient(error) && !(error instanceof TransientError) ? new TransientError(message, { cause: error }) : error;
    }
  };
}

async function recordStart(context: StageContext, runId: string, stage: string, shard: number, startedAt: Date) {
  await sql`
    INSERT INTO stage_executions (run_id, stage, shard, status, attempts, started_at)
    VALUES (${runId}, ${stage}, ${shard}, 'RUNNING', 1, ${startedAt})
    ON CONFLICT (run_id, stage, shard) DO UPDATE SET
      status = 'RUNNING', attempts = stage_executions.attempts + 1, started_at = EXCLUDED.started_at,
      finished_at = NULL, duration_ms = NULL, counts = NULL, error_message = NULL`.execute(context.handle.db);
}

async function recordEnd(
  context: StageContext,
  runId: string,
  stage: string,
  shard: number,
  status: "SUCCEEDED" | "FAILED",
  durationMs: number,
  counts: Record<string, number> | null,
  errorMessage: string | null,
) {
  await context.handle.db
    .updateTable("stage_executions")
    .set({
      status,
      finished_at: new Date(),
      duration_ms: durationMs,
      counts: counts ? JSON.stringify(counts) : null,
      error_message: errorMessage,
    })
    .where("run_id", "=", runId)
    .where("stage", "=", stage)
    .where("shard", "=", shard)
    .execute();
}

const TRANSIENT_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "57P01", "57P03", "53300", "40001", "40P01"]);

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" && TRANSIENT_CODES.has(code);
}
