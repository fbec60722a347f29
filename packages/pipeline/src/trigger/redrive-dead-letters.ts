import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

/**
 * Moves every message of a dead-letter queue back to its source queue (after the cause is fixed):
 * receive, send to the source, and only then delete from the DLQ — a crash in between duplicates a
 * message, which the trigger tolerates, rather than losing one.
 */
export async function redriveDeadLetters(
  sqs: SQSClient,
  from: { deadLetterQueueUrl: string; queueUrl: string },
  options: { maxMessages?: number } = {},
): Promise<{ moved: number }> {
  const limit = options.maxMessages ?? 10_000;
  let moved = 0;
  while (moved < limit) {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: from.deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(10, limit - moved),
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageAttributeNames: ["All"],
      }),
    );
    if (messages.length === 0) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: from.queueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          MessageBody: message.Body ?? "",
          ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length > 0
            ? { MessageAttributes: message.MessageAttributes }
            : {}),
        })),
      }),
    );
    if (sent.Failed?.length)
      throw new Error(`redrive: ${sent.Failed.length} message(s) could not be sent back: ${sent.Failed[0]?.Message}`);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: from.deadLetterQueueUrl,
        Entries: messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
    moved += messages.length;
  }
  return { moved };
}
