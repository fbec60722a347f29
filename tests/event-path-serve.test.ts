import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { loadRunStatus } from "@crm-reco/db";
import { taskHandlers } from "@crm-reco/functions";
import { generateWinery, getStageContext, type LocalServe, setLogSink, startServe } from "@crm-reco/pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfigDir } from "../packages/cli/src/paths";
import { scratchDir } from "./local-stack";

const run = promisify(execFile);
const QUIET_SECONDS = 3;

/** The repository's config with a short quiet period. */
function shortQuietConfig(dir: string): string {
  const configDir = join(dir, "config");
  cpSync(defaultConfigDir(), configDir, { recursive: true });
  const file = join(configDir, "pipeline.yaml");
  const text = readFileSync(file, "utf8");
  const changed = text.replace(/quiet_period_seconds: \d+/, `quiet_period_seconds: ${QUIET_SECONDS}`);
  if (changed === text) throw new Error("pipeline.yaml has no quiet_period_seconds");
  writeFileSync(file, changed);
  return configDir;
}

function writeFiles(dir: string, files: ReadonlyArray<{ name: string; content: Buffer }>): string {
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file.name), file.content);
  return dir;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe("crm-reco serve: S3 upload → SQS → trigger → one run per drop", () => {
  let serve: LocalServe;
  let work: string;
  let aws: (...args: string[]) => Promise<void>;

  /** Every message handled: nothing visible, in flight or delayed (pending re-checks included). */
  const queueDrained = async () => {
    const { Attributes = {} } = await serve.sqs.client.send(
      new GetQueueAttributesCommand({ QueueUrl: serve.sqs.queueUrl, AttributeNames: ["All"] }),
    );
    return ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"].every(
      (name) => Number(Attributes[name as keyof typeof Attributes] ?? 0) === 0,
    );
  };
  const starts: Array<{ dropKey: string; at: number }> = [];
  const runsOf = (dropKey: string) => serve.starter.runs.filter((record) => record.input.dropKey === dropKey);

  beforeAll(async () => {
    work = scratchDir("event-path-serve");
    setLogSink({ file: join(work, "log.jsonl") });
    serve = await startServe({
      home: join(work, "home"),
      configDir: shortQuietConfig(work),
      handlers: taskHandlers,
      visibilityTimeoutSeconds: 5,
      pollIntervalMs: 50,
      retryIntervalMs: 10,
      onRunStarted: (input) => starts.push({ dropKey: input.dropKey, at: Date.now() }),
    });
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: work,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_DEFAULT_REGION: "eu-west-3",
      AWS_CONFIG_FILE: join(work, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(work, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    };
    aws = async (...args) => {
      await run("/usr/bin/aws", ["--endpoint-url", serve.state.s3Endpoint, "--only-show-errors", ...args], { env, timeout: 60_000 });
    };
  }, 120_000);

  afterAll(async () => {
    await serve?.close();
  }, 120_000);

  it("a drop uploaded with aws s3 cp and then _READY starts exactly one run, which completes", async () => {
    const folder = writeFiles(join(work, "w23"), generateWinery({ customers: 80, seed: "event-path-w23" }).files);
    await aws("s3", "cp", "--recursive", folder, "s3://inbox/2025-w23/");
    writeFileSync(join(work, "_READY"), "");
    await aws("s3", "cp", join(work, "_READY"), "s3://inbox/2025-w23/_READY");

    await until("the run to start", () => starts.length > 0, 20_000);
    await serve.starter.idle();
    const [record] = runsOf("2025-w23");
    expect(record?.result).toMatchObject({ status: "SUCCEEDED" });
    expect(record?.input.inbox.files.map((file) => file.key)).toEqual(
      ["clients.csv", "contacts.csv", "grand_livre.csv", "produits.csv", "stock.csv", "ventes.csv"].map((name) => `2025-w23/${name}`),
    );
    const { handle } = await getStageContext();
    expect((await loadRunStatus(handle, record!.input.runId))?.status).toBe("SUCCEEDED");

    // The data files' own re-checks come due after the quiet period: same run id, nothing new.
    await sleep(QUIET_SECONDS * 1000 + 500);
    await until("the queue to drain", queueDrained, 20_000);
    await serve.starter.idle();
    expect(serve.starter.runs).toHaveLength(1);
    expect(starts).toHaveLength(1);
  }, 120_000);

  it("uploading the same objects again, or delivering the same message twice, starts no run", async () => {
    const runId = runsOf("2025-w23")[0]!.input.runId;
    await aws("s3", "cp", "--recursive", join(work, "w23"), "s3://inbox/2025-w23/");
    await aws("s3", "cp", join(work, "_READY"), "s3://inbox/2025-w23/_READY");
    const marker = JSON.stringify({
      Records: [{ eventName: "ObjectCreated:Put", s3: { bucket: { name: "inbox" }, object: { key: "2025-w23/_READY" } } }],
    });
    for (let copy = 0; copy < 2; copy++)
      await serve.sqs.client.send(new SendMessageCommand({ QueueUrl: serve.sqs.queueUrl, MessageBody: marker }));
    await serve.forwarder.flush();
    await sleep(QUIET_SECONDS * 1000 + 500);
    await until("the queue to drain", queueDrained, 20_000);
    await serve.starter.idle();
    expect(serve.starter.runs.map((record) => record.input.runId)).toEqual([runId]);
    expect(starts).toHaveLength(1);
    const dead = await serve.sqs.client.send(new ReceiveMessageCommand({ QueueUrl: serve.sqs.deadLetterQueueUrl, WaitTimeSeconds: 0 }));
    expect(dead.Messages ?? []).toEqual([]);
  }, 120_000);

  it("files copied without a marker start one run once the folder has been quiet", async () => {
    const folder = writeFiles(join(work, "w24"), generateWinery({ customers: 80, seed: "event-path-w24" }).files);
    const copied = Date.now();
    await aws("s3", "cp", "--recursive", folder, "s3://inbox/2025-w24/");
    await serve.forwarder.flush();
    await sleep(1000);
    expect(runsOf("2025-w24")).toHaveLength(0);

    await until("the quiet-period run to start", () => starts.length > 1, 30_000);
    expect(starts[1]!.dropKey).toBe("2025-w24");
    expect(starts[1]!.at - copied).toBeGreaterThanOrEqual(QUIET_SECONDS * 1000);
    await serve.starter.idle();
    await until("the queue to drain", queueDrained, 20_000);
    await serve.starter.idle();
    const runs = runsOf("2025-w24");
    expect(runs).toHaveLength(1);
    expect(runs[0]?.result).toMatchObject({ status: "SUCCEEDED" });
    expect(runs[0]?.input.inbox.files).toHaveLength(6);
  }, 120_000);
});
