import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { createLogger } from "../logger";
import { encodeEventKey } from "../trigger/object-key";
import type { LocalS3Server } from "./s3-server";

type S3rverRecord = { eventName?: string; s3?: { bucket?: { name?: string }; object?: { key?: string } } };

export interface S3NotificationForwarder {
  /** Resolves when every notification emitted so far has been sent. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * s3rver emits its S3 events but delivers them nowhere: this sends each object-created event of the
 * bucket to the queue as S3 would (one record per message, the key URL-encoded like S3's).
 */
export function forwardS3Notifications(options: {
  s3: LocalS3Server;
  bucket: string;
  sqs: SQSClient;
  queueUrl: string;
}): S3NotificationForwarder {
  const log = createLogger({ component: "s3-notifications" });
  const pending = new Set<Promise<void>>();
  let stopped = false;

  options.s3.events.on("event", (event) => {
    if (stopped) return;
    for (const record of event.Records as S3rverRecord[]) {
      if (record.s3?.bucket?.name !== options.bucket || !record.eventName?.startsWith("ObjectCreated:")) continue;
      const key = record.s3.object?.key ?? "";
      const message = { Records: [{ ...record, s3: { ...record.s3, object: { ...record.s3.object, key: encodeEventKey(key) } } }] };
      const sent = options.sqs
        .send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: JSON.stringify(message) }))
        .then(
          () => {},
          (error: unknown) => log.error("s3_notification.not_sent", { error: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => pending.delete(sent));
      pending.add(sent);
    }
  });

  const flush = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };
  return {
    flush,
    async stop() {
      stopped = true;
      await flush();
    },
  };
}
