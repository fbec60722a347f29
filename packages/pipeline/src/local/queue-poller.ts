import { setTimeout as sleep } from "node:timers/promises";
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { createLogger } from "../logger";
import type { BatchResponse, SqsEvent } from "../trigger/trigger-messages";

export interface QueuePollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** The function Lambda's SQS event source would call: here the real trigger handler. */
  handler: (event: SqsEvent) => Promise<BatchResponse>;
  /** Pause between empty receives (default 200 ms). */
  intervalMs?: number;
  batchSize?: number;
}

export interface QueuePoller {
  /** Messages handed to the handler so far (deliveries, duplicates included). */
  readonly delivered: number;
  stop(): Promise<void>;
}

/**
 * Lambda's SQS event source, locally: receive (short polls — local-aws-sqs's long polling waits the full
 * time and can return duplicates), hand the batch to the handler, delete what did not fail. Failed
 * messages reappear after the visibility timeout, and after maxReceiveCount receives go to the DLQ.
 */
export function startQueuePoller(options: QueuePollerOptions): QueuePoller {
  const log = createLogger({ component: "queue-poller" });
  const intervalMs = options.intervalMs ?? 200;
  const abort = new AbortController();
  let delivered = 0;

  const loop = (async () => {
    while (!abort.signal.aborted) {
      let received = 0;
      try {
        received = await pollOnce();
      } catch (error) {
        if (abort.signal.aborted) break;
        log.error("queue_poller.failed", { error: error instanceof Error ? error.message : String(error) });
      }
      if (received === 0) await sleep(intervalMs, undefined, { signal: abort.signal }).catch(() => {});
    }
  })();

  async function pollOnce(): Promise<number> {
    const response = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: options.batchSize ?? 10,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ["All"],
      }),
    );
    const messages = (response.Messages ?? []).filter((message): message is Message & { MessageId: string } => !!message.MessageId);
    if (messages.length === 0) return 0;
    delivered += messages.length;
    const event: SqsEvent = {
      Records: messages.map((message) => ({
        messageId: message.MessageId,
        receiptHandle: message.ReceiptHandle,
        body: message.Body ?? "",
        attributes: message.Attributes ?? {},
        messageAttributes: {},
        md5OfBody: message.MD5OfBody,
        eventSource: "aws:sqs",
      })),
    };
    let failed: Set<string>;
    try {
      failed = new Set((await options.handler(event)).batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch (error) {
      // A handler that throws fails the whole batch, as in Lambda.
      log.error("queue_poller.handler_failed", { error: error instanceof Error ? error.message : String(error) });
      failed = new Set(messages.map((message) => message.MessageId));
    }
    const done = messages.filter((message) => !failed.has(message.MessageId) && message.ReceiptHandle);
    if (done.length > 0)
      await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    return messages.length;
  }

  return {
    get delivered() {
      return delivered;
    },
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
