import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { migrateToLatest } from "@crm-reco/db";
import { loadConfigDir } from "../config-files";
import type { RunInput } from "../contracts";
import { getStageContext } from "../stages/context";
import { LocalRunStarter } from "../starter/local-run-starter";
import { s3BucketLister, s3DropLister } from "../trigger/drop-listing";
import { sqsRecheckScheduler } from "../trigger/recheck-queue";
import { rescanInbox } from "../trigger/rescan-inbox";
import { createTriggerHandler, type TriggerDependencies } from "../trigger/trigger-handler";
import { type LocalStack, startLocalStack } from "./local-stack";
import { type QueuePoller, startQueuePoller } from "./queue-poller";
import { forwardS3Notifications, type S3NotificationForwarder } from "./s3-notifications";
import { type LocalSqs, startLocalSqs } from "./sqs-server";
import { type ExecutionEvent, type ExecutionResult, renderDefinition, type TaskHandlers } from "./state-machine-runner";

export interface ServeOptions {
  home: string;
  configDir: string;
  databaseUrl?: string;
  s3Port?: number;
  sqsPort?: number;
  /** The state machine's Task handlers (`taskHandlers` of `functions/`). */
  handlers: TaskHandlers;
  /** The trigger only starts runs, so a minute is plenty; tests shorten it to see redeliveries. */
  visibilityTimeoutSeconds?: number;
  pollIntervalMs?: number;
  retryIntervalMs?: number;
  /** The trigger's clock (tests). */
  now?: () => Date;
  onRunStarted?: (input: RunInput) => void;
  onEvent?: (runId: string, event: ExecutionEvent) => void;
  onRunFinished?: (input: RunInput, result: ExecutionResult, exports: { dir: string; files: string[] }) => void | Promise<void>;
}

/** Where a running `crm-reco serve` listens (written to `<home>/serve.json`, read by `crm-reco redrive`). */
export interface ServeState {
  pid: number;
  s3Endpoint: string;
  /** Local SES v2 server: open it in a browser to read the sent mail (also kept as .eml in the outbox). */
  sesEndpoint: string;
  sqsEndpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
}

export interface LocalServe {
  stack: LocalStack;
  sqs: LocalSqs;
  starter: LocalRunStarter;
  forwarder: S3NotificationForwarder;
  poller: QueuePoller;
  state: ServeState;
  rescan: { drops: number; submitted: number; rechecks: number; failed: number };
  /** Stops taking messages, lets the running execution finish its stages in flight, closes every server. */
  close(): Promise<void>;
}

export function serveStateFile(home: string): string {
  return join(home, "serve.json");
}

export function readServeState(home: string): ServeState | undefined {
  try {
    return JSON.parse(readFileSync(serveStateFile(home), "utf8")) as ServeState;
  } catch {
    return undefined;
  }
}

/**
 * The long-running local stack (ARCHITECTURE §3): S3 (s3rver) whose object-created events are forwarded
 * to the inbox queue (local-aws-sqs, with its DLQ), a poller handing batches to the real trigger, and the
 * local starter executing the ASL with the real handlers. On start it re-scans the inbox, so drops whose
 * queue messages were lost with the previous process still run.
 */
export async function startServe(options: ServeOptions): Promise<LocalServe> {
  const { config } = loadConfigDir(options.configDir);
  const stack = await startLocalStack({
    home: options.home,
    configDir: options.configDir,
    databaseUrl: options.databaseUrl,
    s3Port: options.s3Port,
  });
  const closers: Array<() => Promise<void>> = [() => stack.close()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    await migrateToLatest((await getStageContext()).handle.db);
    const sqs = await startLocalSqs({ port: options.sqsPort, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds });
    closers.push(() => sqs.close());
    process.env.QUEUE_URL = sqs.queueUrl;

    const starter = new LocalRunStarter({
      definition: renderDefinition({ recommendMaxConcurrency: config.pipeline.recommend.max_concurrency }),
      handlers: options.handlers,
      retryIntervalMs: options.retryIntervalMs,
      onRunStarted: options.onRunStarted,
      onEvent: options.onEvent,
      onRunFinished: async (input, result) => {
        const exports = result.status === "SUCCEEDED" ? await stack.mirrorExports(input.runId) : { dir: "", files: [] };
        await options.onRunFinished?.(input, result, exports);
      },
    });
    closers.push(() => starter.stop());

    const deps: TriggerDependencies = {
      drops: config.pipeline.drops,
      listDrop: s3DropLister(stack.s3Client),
      scheduleRecheck: sqsRecheckScheduler(sqs.client, sqs.queueUrl),
      starter,
      now: options.now,
    };
    const forwarder = forwardS3Notifications({ s3: stack.s3, bucket: stack.buckets.inbox, sqs: sqs.client, queueUrl: sqs.queueUrl });
    closers.push(() => forwarder.stop());
    const rescan = await rescanInbox({ ...deps, listBucket: s3BucketLister(stack.s3Client) }, stack.buckets.inbox);
    const poller = startQueuePoller({
      sqs: sqs.client,
      queueUrl: sqs.queueUrl,
      handler: createTriggerHandler(deps),
      intervalMs: options.pollIntervalMs,
    });
    closers.push(() => poller.stop());

    const state: ServeState = {
      pid: process.pid,
      s3Endpoint: stack.s3.endpoint,
      sesEndpoint: stack.ses.endpoint,
      sqsEndpoint: sqs.endpoint,
      queueUrl: sqs.queueUrl,
      deadLetterQueueUrl: sqs.deadLetterQueueUrl,
    };
    writeFileSync(serveStateFile(options.home), `${JSON.stringify(state, null, 2)}\n`);
    closers.push(async () => rmSync(serveStateFile(options.home), { force: true }));

    let closing: Promise<void> | undefined;
    return {
      stack,
      sqs,
      starter,
      forwarder,
      poller,
      state,
      rescan,
      close: () => {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
