import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { createSqsServer } from "local-aws-sqs";
import { createSqsClient } from "../trigger/sqs-client";

export interface LocalSqsOptions {
  port?: number;
  queueName?: string;
  deadLetterQueueName?: string;
  /** How long a received message stays hidden; a message the trigger failed on comes back after it. */
  visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to the dead-letter queue (AWS: the same redrive policy). */
  maxReceiveCount?: number;
}

export interface LocalSqs {
  endpoint: string;
  port: number;
  client: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  close(): Promise<void>;
}

const REGION = "eu-west-3";
const ACCOUNT_ID = "000000000000";

export const INBOX_QUEUE_NAME = "inbox-events";
export const INBOX_DEAD_LETTER_QUEUE_NAME = "inbox-events-dlq";

/**
 * A local SQS-compatible server (local-aws-sqs) on 127.0.0.1 with the inbox events queue and its
 * dead-letter queue (RedrivePolicy maxReceiveCount 3, as in AWS). Its queues live in memory.
 */
export async function startLocalSqs(options: LocalSqsOptions = {}): Promise<LocalSqs> {
  const queueName = options.queueName ?? INBOX_QUEUE_NAME;
  const deadLetterQueueName = options.deadLetterQueueName ?? INBOX_DEAD_LETTER_QUEUE_NAME;
  const server: Server = await createSqsServer({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    region: REGION,
    accountId: ACCOUNT_ID,
    queues: [
      { QueueName: deadLetterQueueName },
      {
        QueueName: queueName,
        Attributes: {
          VisibilityTimeout: options.visibilityTimeoutSeconds ?? 60,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${deadLetterQueueName}`,
            maxReceiveCount: options.maxReceiveCount ?? 3,
          }),
        },
      },
    ],
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createSqsClient(endpoint);
  const { queueUrl, deadLetterQueueUrl } = await inboxQueueUrls(client, { queueName, deadLetterQueueName });
  return {
    endpoint,
    port,
    client,
    queueUrl,
    deadLetterQueueUrl,
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The URLs of the inbox events queue and its DLQ on an SQS endpoint (by name, as `crm-reco redrive` finds them). */
export async function inboxQueueUrls(
  client: SQSClient,
  names: { queueName: string; deadLetterQueueName: string } = {
    queueName: INBOX_QUEUE_NAME,
    deadLetterQueueName: INBOX_DEAD_LETTER_QUEUE_NAME,
  },
): Promise<{ queueUrl: string; deadLetterQueueUrl: string }> {
  const url = async (name: string) => {
    const found = (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
    if (!found) throw new Error(`queue ${name} not found`);
    return found;
  };
  return { queueUrl: await url(names.queueName), deadLetterQueueUrl: await url(names.deadLetterQueueName) };
}
