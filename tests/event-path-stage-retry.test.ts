import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadRunStatus } from "@crm-reco/db";
import { taskHandlers } from "@crm-reco/functions";
import {
  auditInputSchema,
  auditOutputSchema,
  defineStage,
  type ExecutionResult,
  generateWinery,
  getStageContext,
  LocalRunStarter,
  loadConfigDir,
  type RunInput,
  renderDefinition,
  runIdForDrop,
  runInputSchema,
  setLogSink,
  startLocalStack,
  type TaskHandlers,
  TransientError,
} from "@crm-reco/pipeline";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultConfigDir } from "../packages/cli/src/paths";
import { scratchDir } from "./local-stack";

const winery = generateWinery({ customers: 120, seed: "stage-retry" });
const configDir = defaultConfigDir();

interface Outcome {
  runId: string;
  result: ExecutionResult;
  csv: Record<string, Buffer>;
  rowCounts: Record<string, number>;
  emails: string[];
  status: Awaited<ReturnType<typeof loadRunStatus>>;
  stageStatuses: Array<{ stage: string; shard: number; status: string; attempts: number }>;
}

/** One drop through the local starter, with the given Task handlers, on a fresh local stack. */
async function runWith(name: string, handlers: TaskHandlers): Promise<Outcome> {
  const home = scratchDir(name);
  const stack = await startLocalStack({ home, configDir });
  try {
    const { config } = loadConfigDir(configDir);
    const files = await stack.uploadDrop("w23", winery.files);
    const input: RunInput = runInputSchema.parse({
      runId: runIdForDrop("w23", files),
      dropKey: "w23",
      inbox: { bucket: stack.buckets.inbox, files },
    });
    const starter = new LocalRunStarter({
      definition: renderDefinition({ recommendMaxConcurrency: config.pipeline.recommend.max_concurrency }),
      handlers,
      retryIntervalMs: 10,
    });
    expect(await starter.start(input)).toEqual({ runId: input.runId, started: true });
    await starter.idle();
    expect(await starter.start(input)).toEqual({ runId: input.runId, started: false });
    const record = starter.runs[0]!;
    if (record.result === "STOPPED") throw new Error("stopped");
    const mirrored = record.result.status === "SUCCEEDED" ? await stack.mirrorExports(input.runId) : { files: [] };
    const { handle } = await getStageContext();
    const { rows: tables } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name COLLATE "C"`.execute(handle.db);
    const rowCounts: Record<string, number> = {};
    for (const { table_name } of tables)
      rowCounts[table_name] = Number(
        (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table_name)}`.execute(handle.db)).rows[0]!.n,
      );
    const stageStatuses = await handle.db
      .selectFrom("stage_executions")
      .select(["stage", "shard", "status", "attempts"])
      .where("run_id", "=", input.runId)
      .orderBy("stage")
      .orderBy("shard")
      .execute();
    return {
      runId: input.runId,
      result: record.result,
      csv: Object.fromEntries(mirrored.files.filter((file) => file.endsWith(".csv")).map((file) => [basename(file), readFileSync(file)])),
      rowCounts,
      emails: readdirSync(stack.paths.outbox).filter((file) => file.startsWith(input.runId)),
      status: await loadRunStatus(handle, input.runId),
      stageStatuses,
    };
  } finally {
    await stack.close();
  }
}

/** Runs the real stage, then fails once as a lost connection would: the stage's writes are already done. */
function failingOnceAfterWriting(name: string): TaskHandlers {
  let failed = false;
  const real = taskHandlers[name]!;
  return {
    ...taskHandlers,
    [name]: async (input) => {
      const output = await real(input);
      if (!failed) {
        failed = true;
        throw new TransientError(`${name}: connection lost after the write`);
      }
      return output;
    },
  };
}

describe("stage failures inside a run", () => {
  let clean: Outcome;
  beforeAll(async () => {
    setLogSink("silent");
    clean = await runWith("retry-clean", taskHandlers);
  }, 120_000);

  it("the clean run succeeds", () => {
    expect(clean.result).toMatchObject({ status: "SUCCEEDED" });
    expect(Object.keys(clean.csv)).toContain("campaign.csv");
    expect(clean.rowCounts.recommendations).toBeGreaterThan(0);
  });

  it.each([
    ["IngestFunctionArn", "ingest"],
    ["RecommendFunctionArn", "recommend"],
    ["ExportFunctionArn", "export"],
  ])(
    "a TransientError after %s's writes is retried: same rows, byte-identical exports",
    async (name, stage) => {
      const retried = await runWith(`retry-${name}`, failingOnceAfterWriting(name));
      expect(retried.result).toMatchObject({ status: "SUCCEEDED" });
      // The stage really ran twice (stage_executions counts attempts); every other stage once.
      expect(retried.stageStatuses.filter((row) => row.attempts > 1)).toEqual([
        { stage, shard: stage === "recommend" ? 0 : -1, status: "SUCCEEDED", attempts: 2 },
      ]);
      expect(retried.runId).toBe(clean.runId);
      expect(retried.rowCounts).toEqual(clean.rowCounts);
      expect(retried.csv).toEqual(clean.csv);
      expect(retried.status?.status).toBe("SUCCEEDED");
    },
    120_000,
  );

  it("a stage that always fails ends the run FAILED, notifies, and leaves no stage running", async () => {
    const broken = defineStage({
      name: "audit",
      input: auditInputSchema,
      output: auditOutputSchema,
      run: async () => {
        throw new Error("audit rules could not be evaluated");
      },
    });
    const failed = await runWith("retry-always-failing", { ...taskHandlers, AuditFunctionArn: broken });
    expect(failed.result.status).toBe("FAILED");
    expect(failed.status).toMatchObject({ status: "FAILED", failedStage: "audit" });
    expect(failed.status?.errorMessage).toContain("audit rules could not be evaluated");
    expect(failed.emails).toHaveLength(1);
    expect(failed.stageStatuses.filter((row) => row.status === "RUNNING")).toEqual([]);
    expect(failed.stageStatuses.find((row) => row.stage === "audit")?.status).toBe("FAILED");
    expect(failed.stageStatuses.some((row) => row.stage === "export")).toBe(false);
    // What ran before the failure is kept whole; nothing after it was written.
    expect(failed.rowCounts.recommendations).toBe(clean.rowCounts.recommendations);
    expect(failed.rowCounts.audit_results ?? 0).toBe(0);
    expect(failed.rowCounts.export_files ?? 0).toBe(0);
  }, 120_000);
});
