import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { RecheckMessage } from "./trigger-messages";

/** Re-checks go to the trigger's own queue, delayed: SQS holds them for the quiet period. */
export function sqsRecheckScheduler(sqs: SQSClient, queueUrl: string) {
  return async (message: RecheckMessage, delaySeconds: number): Promise<void> => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds }));
  };
}
