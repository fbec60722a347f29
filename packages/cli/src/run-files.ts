import { resolve } from "node:path";
import { setLogSink, startLocalStack } from "@crm-reco/pipeline";
import { UsageError } from "./command";
import { runDropLocally } from "./local-run";
import { createProgressPrinter } from "./progress";
import { formatRunSummary } from "./summary";

export interface RunFilesRequest {
  dropKey: string;
  files: Array<{ name: string; content: Buffer }>;
  out?: string;
  asOf?: string;
  home: string;
  configDir: string;
  databaseUrl?: string;
}

/** Starts the local stack, runs one drop with per-stage progress, prints the summary; exit code 2 when the run failed. */
export async function runFilesWithSummary(request: RunFilesRequest): Promise<number> {
  if (request.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(request.asOf)) throw new UsageError("--as-of expects YYYY-MM-DD");
  const stack = await startLocalStack(request);
  setLogSink({ file: resolve(stack.paths.logs, "crm-reco.jsonl") });
  try {
    console.log(
      `Local stack: S3 ${stack.s3.endpoint}, database ${request.databaseUrl ? "PostgreSQL (DATABASE_URL)" : "PGlite (embedded)"}`,
    );
    console.log(
      `Uploading ${request.files.length} file(s) to s3://${stack.buckets.inbox}/${request.dropKey}/ and running the state machine:`,
    );
    const result = await runDropLocally(stack, request.configDir, {
      dropKey: request.dropKey,
      files: request.files,
      asOf: request.asOf ?? null,
      outDir: request.out ? resolve(request.out) : undefined,
      onEvent: createProgressPrinter(),
    });
    console.log(formatRunSummary(result));
    return result.status === "SUCCEEDED" ? 0 : 2;
  } finally {
    await stack.close();
  }
}
