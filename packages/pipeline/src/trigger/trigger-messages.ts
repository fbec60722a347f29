import { z } from "zod";

/** One record of an S3 event notification (the fields the trigger reads; the rest passes through). */
export const s3EventRecordSchema = z.looseObject({
  eventSource: z.string().optional(),
  eventName: z.string(),
  eventTime: z.string().optional(),
  s3: z.looseObject({
    bucket: z.looseObject({ name: z.string().min(1) }),
    object: z.looseObject({
      key: z.string().min(1),
      size: z.number().optional(),
      eTag: z.string().optional(),
    }),
  }),
});

export const s3EventNotificationSchema = z.looseObject({ Records: z.array(s3EventRecordSchema).min(1) });

/** What S3 sends once when a notification configuration is saved. */
export const s3TestEventSchema = z.looseObject({ Event: z.literal("s3:TestEvent") });

/** Our own delayed message: "look at this drop again once the quiet period has passed". */
export const recheckMessageSchema = z.strictObject({
  type: z.literal("crm-reco.recheck-drop"),
  bucket: z.string().min(1),
  dropKey: z.string().min(1),
  root: z.boolean(),
  /** When the re-check was scheduled: an object newer than this has a re-check of its own coming. */
  scheduledAt: z.iso.datetime(),
});

/** The SQS event a Lambda event source (or the local poller) hands to the trigger. */
export const sqsRecordSchema = z.looseObject({
  messageId: z.string().min(1),
  receiptHandle: z.string().optional(),
  body: z.string(),
  attributes: z.record(z.string(), z.string()).optional(),
});
export const sqsEventSchema = z.looseObject({ Records: z.array(sqsRecordSchema) });

export type S3EventRecord = z.infer<typeof s3EventRecordSchema>;
export type RecheckMessage = z.infer<typeof recheckMessageSchema>;
export type SqsRecord = z.infer<typeof sqsRecordSchema>;
export type SqsEvent = z.infer<typeof sqsEventSchema>;
export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

export type TriggerMessage =
  | { kind: "s3-event"; records: S3EventRecord[] }
  | { kind: "s3-test-event" }
  | { kind: "recheck"; message: RecheckMessage };

/** Reads one SQS message body; throws on anything else (the message then goes back to the queue, then the DLQ). */
export function parseTriggerMessage(body: string): TriggerMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error("message body is not JSON");
  }
  const recheck = recheckMessageSchema.safeParse(json);
  if (recheck.success) return { kind: "recheck", message: recheck.data };
  if (s3TestEventSchema.safeParse(json).success) return { kind: "s3-test-event" };
  const notification = s3EventNotificationSchema.safeParse(json);
  if (notification.success) return { kind: "s3-event", records: notification.data.Records };
  throw new Error(`message body is neither an S3 event notification nor a re-check: ${z.prettifyError(notification.error).slice(0, 300)}`);
}
