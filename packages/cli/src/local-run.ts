import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type DatabaseHandle, loadRunReport, migrateToLatest, type RunReport } from "@crm-reco/db";
import { taskHandlers } from "@crm-reco/functions";
import {
  type ExecutionEvent,
  executeLocally,
  getStageContext,
  type LocalStack,
  loadConfigDir,
  type RunInput,
  renderDefinition,
  runIdForDrop,
  runInputSchema,
} from "@crm-reco/pipeline";

export interface LocalRunRequest {
  dropKey: string;
  files: ReadonlyArray<{ name: string; content: Buffer }>;
  asOf?: string | null;
  /** Plain-file copy of the exports (default `<home>/exports/<runId>/`). */
  outDir?: string;
  onEvent?: (event: ExecutionEvent) => void;
  retryIntervalMs?: number;
}

export interface LocalRunResult {
  runId: string;
  status: "SUCCEEDED" | "FAILED";
  error?: string;
  report: RunReport | undefined;
  exportDir: string;
  exportFiles: string[];
  emails: string[];
}

/**
 * One run on the local stack, exactly as a drop in AWS: upload the files to the inbox through the S3 API
 * with the `_READY` marker, then execute the state machine's ASL with the real handlers of `functions/`.
 */
export async function runDropLocally(stack: LocalStack, configDir: string, request: LocalRunRequest): Promise<LocalRunResult> {
  const { config } = loadConfigDir(configDir);
  const handle = await migratedDatabase();
  const files = await stack.uploadDrop(request.dropKey, request.files);
  await stack.uploadDrop(request.dropKey, [{ name: config.pipeline.drops.ready_marker, content: Buffer.alloc(0) }]);
  const runId = runIdForDrop(request.dropKey, files);
  const input: RunInput = runInputSchema.parse({
    runId,
    dropKey: request.dropKey,
    inbox: { bucket: stack.buckets.inbox, files },
    asOf: request.asOf ?? null,
  });
  const definition = renderDefinition({ recommendMaxConcurrency: config.pipeline.recommend.max_concurrency });
  const execution = await executeLocally(definition, taskHandlers, input, {
    onEvent: request.onEvent,
    retryIntervalMs: request.retryIntervalMs,
  });
  const mirrored = execution.status === "SUCCEEDED" ? await stack.mirrorExports(runId, request.outDir) : { dir: "", files: [] };
  return {
    runId,
    status: execution.status,
    error: execution.error,
    report: await loadRunReport(handle, runId),
    exportDir: mirrored.dir,
    exportFiles: mirrored.files,
    emails: readdirSync(stack.paths.outbox)
      .filter((name) => name.startsWith(runId))
      .sort()
      .map((name) => join(stack.paths.outbox, name)),
  };
}

/** The stage context's database (PGlite in-process cannot be opened twice), migrated on both dialects. */
export async function migratedDatabase(): Promise<DatabaseHandle> {
  const { handle } = await getStageContext();
  await migrateToLatest(handle.db);
  return handle;
}
