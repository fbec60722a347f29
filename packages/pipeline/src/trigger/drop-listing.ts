import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { belongsToDrop, type Drop, dropPrefix } from "./drop";

export interface DropObject {
  key: string;
  /** Without the surrounding quotes S3 puts around it. */
  etag?: string;
  size: number;
  lastModified: Date;
}

export type ListDrop = (bucket: string, drop: Drop) => Promise<DropObject[]>;
export type ListBucket = (bucket: string) => Promise<DropObject[]>;

/** Every object of one drop (ListObjectsV2, all pages), sorted by key. */
export function s3DropLister(s3: S3Client): ListDrop {
  return async (bucket, drop) => (await listObjects(s3, bucket, dropPrefix(drop))).filter((object) => belongsToDrop(object.key, drop));
}

/** Every object of the bucket (the inbox re-scan at start-up). */
export function s3BucketLister(s3: S3Client): ListBucket {
  return (bucket) => listObjects(s3, bucket, undefined);
}

async function listObjects(s3: S3Client, bucket: string, prefix: string | undefined): Promise<DropObject[]> {
  const objects: DropObject[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }));
    for (const object of page.Contents ?? []) {
      if (!object.Key) continue;
      objects.push({
        key: object.Key,
        etag: object.ETag?.replaceAll('"', ""),
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
      });
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
