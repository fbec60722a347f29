import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { StackContext } from "sst/constructs";
import { useAppSettings } from "./use-app-settings";

/** S3 events are ~1-2 KB; SQS's own ceiling is ample. */
const MAX_MESSAGE_BYTES = 262_144;

/**
 * Inbox and exports buckets; every inbox ObjectCreated goes to the queue the trigger consumes (ARCHITECTURE §2).
 * No suffix filter: S3 suffixes are case-sensitive (`EXPORT.CSV` would vanish); the trigger decides.
 */
export function Storage({ stack, app }: StackContext) {
  const { config, deploy } = useAppSettings(app);
  const retain = deploy.removal === "retain";

  const bucketProps = (lifecycleRules: s3.LifecycleRule[]): s3.BucketProps => ({
    encryption: s3.BucketEncryption.S3_MANAGED,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    lifecycleRules,
    removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: !retain,
  });

  const inbox = new s3.Bucket(
    stack,
    "Inbox",
    bucketProps([
      {
        id: "expire-raw-inbox-files",
        // Raw files hold personal data: gone after the retention period (pipeline.yaml retention.inbox_days)...
        expiration: Duration.days(config.pipeline.retention.inbox_days),
        // ...including the versions that versioning keeps.
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      { id: "remove-expired-delete-markers", expiredObjectDeleteMarker: true },
    ]),
  );
  const exports = new s3.Bucket(
    stack,
    "Exports",
    bucketProps([
      {
        id: "expire-replaced-export-versions",
        noncurrentVersionExpiration: Duration.days(30),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ]),
  );

  const triggerTimeout = deploy.functions.trigger.timeout_seconds;
  const deadLetters = new sqs.Queue(stack, "InboxEventsDeadLetters", {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const inboxEvents = new sqs.Queue(stack, "InboxEvents", {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // AWS's guidance for an SQS event source: at least six times the function's timeout.
    visibilityTimeout: Duration.seconds(6 * triggerTimeout),
    retentionPeriod: Duration.days(4),
    maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: 3 },
  });
  inbox.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(inboxEvents));

  stack.addOutputs({ InboxBucket: inbox.bucketName, ExportsBucket: exports.bucketName });
  return { inbox, exports, inboxEvents, deadLetters };
}
