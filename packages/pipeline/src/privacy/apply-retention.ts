import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { type DatabaseHandle, purgeExpiredStaging } from "@crm-reco/db";

const DAY_MS = 86_400_000;

export interface RetentionRequest {
  handle: DatabaseHandle;
  s3: S3Client;
  inboxBucket: string;
  inboxDays: number;
  /** In AWS the inbox bucket's lifecycle rule expires raw files: only staging is cleaned there. */
  cleanInbox: boolean;
  now?: Date;
}

/**
 * Retention (DOMAIN §9, pipeline.yaml `retention.inbox_days`): raw inbox files older than the period are
 * deleted (locally; a lifecycle rule does it in AWS) and staging rows of runs older than it are purged.
 */
export async function applyRetention(request: RetentionRequest): Promise<{ inboxObjects: number; stagingRows: number }> {
  const cutoff = new Date((request.now ?? new Date()).getTime() - request.inboxDays * DAY_MS);
  let inboxObjects = 0;
  if (request.cleanInbox) {
    let token: string | undefined;
    do {
      const page = await request.s3.send(new ListObjectsV2Command({ Bucket: request.inboxBucket, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (!object.Key || !object.LastModified || object.LastModified >= cutoff) continue;
        await request.s3.send(new DeleteObjectCommand({ Bucket: request.inboxBucket, Key: object.Key }));
        inboxObjects++;
      }
      token = page.NextContinuationToken;
    } while (token);
  }
  const stagingRows = await purgeExpiredStaging(request.handle, cutoff);
  return { inboxObjects, stagingRows };
}
