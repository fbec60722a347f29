import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadRunReport } from "@crm-reco/db";
import { taskHandlers } from "@crm-reco/functions";
import { type ExecutionEvent, getStageContext, type LocalServe, setLogSink, startServe } from "@crm-reco/pipeline";
import type { CliCommand } from "../command";
import type { LocalRunResult } from "../local-run";
import { createProgressPrinter } from "../progress";
import { formatRunSummary } from "../summary";

export interface ServeCommandOptions {
  home: string;
  configDir: string;
  databaseUrl?: string;
  s3Port?: string;
  sqsPort?: string;
}

/**
 * `crm-reco serve`: the long-running local stack. Uploads to the inbox start runs exactly as in AWS;
 * each run's progress is printed as it happens. Ctrl-C lets the stages in flight finish, then stops.
 */
export async function serveCommand(options: ServeCommandOptions): Promise<number> {
  const logs = join(options.home, "logs");
  mkdirSync(logs, { recursive: true });
  setLogSink({ file: join(logs, "crm-reco.jsonl") });
  const printers = new Map<string, (event: ExecutionEvent) => void>();
  const serve = await startServe({
    home: options.home,
    configDir: options.configDir,
    databaseUrl: options.databaseUrl,
    s3Port: port(options.s3Port, "--s3-port"),
    sqsPort: port(options.sqsPort, "--sqs-port"),
    handlers: taskHandlers,
    onRunStarted: (input) => {
      printers.set(input.runId, createProgressPrinter());
      console.log(`\n▶ Run ${input.runId}: drop "${input.dropKey}", ${input.inbox.files.length} file(s)`);
    },
    onEvent: (runId, event) => printers.get(runId)?.(event),
    onRunFinished: async (input, execution, exports) => {
      printers.delete(input.runId);
      const { handle } = await getStageContext();
      const outbox = join(options.home, "outbox");
      const result: LocalRunResult = {
        runId: input.runId,
        status: execution.status,
        error: execution.error,
        report: await loadRunReport(handle, input.runId),
        exportDir: exports.dir,
        exportFiles: exports.files,
        emails: readdirSync(outbox)
          .filter((name) => name.startsWith(input.runId))
          .sort()
          .map((name) => join(outbox, name)),
      };
      console.log(formatRunSummary(result));
    },
  });
  printBanner(serve);
  await stopOnSignal(serve);
  return 0;
}

function printBanner(serve: LocalServe): void {
  const s3 = serve.state.s3Endpoint;
  const aws = `AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=eu-west-3 /usr/bin/aws --endpoint-url ${s3}`;
  const rescan = serve.rescan;
  console.log(`crm-reco serve — the local stack is up
  S3   ${s3}  (buckets: ${serve.stack.buckets.inbox}, ${serve.stack.buckets.exports})
  SQS  ${serve.state.sqsEndpoint}  (queue ${serve.state.queueUrl}, dead letters ${serve.state.deadLetterQueueUrl})
  data ${serve.stack.home}  (exports copied to ${serve.stack.paths.exports}/<run>/, emails in ${serve.stack.paths.outbox}/)
  logs ${join(serve.stack.paths.logs, "crm-reco.jsonl")}

Drop one week's exports into a folder of the inbox, then write the _READY marker:
  ${aws} s3 cp --recursive ./exports-2025-w23/ s3://${serve.stack.buckets.inbox}/2025-w23/
  : > _READY && ${aws} s3 cp _READY s3://${serve.stack.buckets.inbox}/2025-w23/_READY
Without the marker, the drop starts once no new file has arrived in the folder for the quiet period.
Messages the trigger could not handle go to the dead-letter queue: \`crm-reco redrive\` moves them back.
Inbox re-scan at start: ${rescan.drops} drop(s), ${rescan.submitted} submitted to the starter, ${rescan.rechecks} waiting for their quiet period.
Ctrl-C stops (the stages in flight finish first; an unfinished run resumes at the next start).`);
}

function stopOnSignal(serve: LocalServe): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.log(`\n${signal} again: exiting now; the unfinished run resumes at the next start.`);
        process.exit(130);
      }
      stopping = true;
      console.log(`\n${signal}: stopping — letting the stages in flight finish (Ctrl-C again to exit at once)…`);
      serve.close().then(() => {
        console.log("stopped.");
        resolve();
      }, reject);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) throw new Error(`${flag} expects a port number (0 picks a free one)`);
  return parsed;
}

export const serveCli: CliCommand = {
  name: "serve",
  usage: "serve [--s3-port N] [--sqs-port N]",
  description: "the long-running local stack: uploads to s3://inbox/<drop>/ start runs",
  options: { "s3-port": { type: "string" }, "sqs-port": { type: "string" } },
  run: ({ values, home, configDir, databaseUrl }) =>
    serveCommand({
      home,
      configDir,
      databaseUrl,
      s3Port: values["s3-port"] as string | undefined,
      sqsPort: values["sqs-port"] as string | undefined,
    }),
};
