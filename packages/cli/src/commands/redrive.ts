import {
  createSqsClient,
  INBOX_DEAD_LETTER_QUEUE_NAME,
  INBOX_QUEUE_NAME,
  inboxQueueUrls,
  readServeState,
  redriveDeadLetters,
  serveStateFile,
} from "@crm-reco/pipeline";
import type { CliCommand } from "../command";

/**
 * `crm-reco redrive`: moves the messages of the inbox events' dead-letter queue back to the queue, on
 * the SQS endpoint of the running `crm-reco serve` (its `serve.json`) or the one given.
 */
export async function redriveCommand(options: { home: string; sqsEndpoint?: string }): Promise<number> {
  const endpoint = options.sqsEndpoint ?? readServeState(options.home)?.sqsEndpoint;
  if (!endpoint) {
    console.error(
      `crm-reco: no SQS endpoint: start \`crm-reco serve\` (it writes ${serveStateFile(options.home)}) or pass --sqs-endpoint URL`,
    );
    return 1;
  }
  const sqs = createSqsClient(endpoint);
  try {
    const { moved } = await redriveDeadLetters(sqs, await inboxQueueUrls(sqs));
    console.log(`moved ${moved} message(s) from ${INBOX_DEAD_LETTER_QUEUE_NAME} back to ${INBOX_QUEUE_NAME} (${endpoint})`);
    return 0;
  } finally {
    sqs.destroy();
  }
}

export const redriveCli: CliCommand = {
  name: "redrive",
  usage: "redrive [--sqs-endpoint URL]",
  description: "move the inbox queue's dead letters back (to the running serve by default)",
  options: { "sqs-endpoint": { type: "string" } },
  run: ({ values, home }) => redriveCommand({ home, sqsEndpoint: values["sqs-endpoint"] as string | undefined }),
};
