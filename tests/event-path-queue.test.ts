import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import {
  createTriggerHandler,
  type LocalSqs,
  type QueuePoller,
  serveStateFile,
  setLogSink,
  startLocalSqs,
  startQueuePoller,
} from "@crm-reco/pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { redriveCommand } from "../packages/cli/src/commands/redrive";
import { scratchDir } from "./local-stack";

async function depth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(100);
  }
}

describe("the inbox queue, its poller and its dead-letter queue", () => {
  let sqs: LocalSqs | undefined;
  let poller: QueuePoller | undefined;
  afterEach(async () => {
    await poller?.stop();
    await sqs?.close();
    poller = undefined;
    sqs = undefined;
  });

  it("sends a message the trigger cannot handle to the DLQ after 3 receives; redrive brings it back", async () => {
    setLogSink("silent");
    sqs = await startLocalSqs({ visibilityTimeoutSeconds: 1 });
    const client = sqs.client;
    const deliveries: string[] = [];
    const trigger = createTriggerHandler({
      drops: { ready_marker: "_READY", quiet_period_seconds: 120, accepted_extensions: [".csv", ".xlsx"] },
      listDrop: async () => [],
      scheduleRecheck: async () => {},
      starter: { start: async (input) => ({ runId: input.runId, started: true }) },
    });
    poller = startQueuePoller({
      sqs: client,
      queueUrl: sqs.queueUrl,
      intervalMs: 50,
      handler: async (event) => {
        deliveries.push(...event.Records.map((record) => record.body));
        return trigger(event);
      },
    });
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: "{not an S3 event" }));
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrl, MessageBody: JSON.stringify({ Event: "s3:TestEvent" }) }));

    await until(async () => (await depth(client, sqs!.deadLetterQueueUrl)) === 1, 15_000);
    expect(deliveries.filter((body) => body === "{not an S3 event")).toHaveLength(3);
    expect(deliveries.filter((body) => body.includes("s3:TestEvent"))).toHaveLength(1);
    await poller.stop();
    expect(await depth(client, sqs.queueUrl)).toBe(0);

    // `crm-reco redrive`, finding the endpoint in serve.json as it does next to a running serve.
    const home = scratchDir("redrive");
    writeFileSync(serveStateFile(home), JSON.stringify({ sqsEndpoint: sqs.endpoint }));
    expect(await redriveCommand({ home })).toBe(0);
    expect(await depth(client, sqs.deadLetterQueueUrl)).toBe(0);
    const back = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
    expect(back.Messages?.map((message) => message.Body)).toEqual(["{not an S3 event"]);
    // With --sqs-endpoint and an empty DLQ: nothing to move.
    expect(await redriveCommand({ home: scratchDir("redrive-empty"), sqsEndpoint: sqs.endpoint })).toBe(0);
  }, 30_000);
});
