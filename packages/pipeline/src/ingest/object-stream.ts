import type { Readable } from "node:stream";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";

export interface ObjectStream {
  body: Readable;
  etag: string | undefined;
}

/**
 * Streams an S3 object (never buffered whole). `ifMatch` pins a second read to the exact version the first
 * read hashed, so a file replaced in between fails instead of being parsed under the wrong checksum.
 */
export async function openObjectStream(s3: S3Client, bucket: string, key: string, ifMatch?: string): Promise<ObjectStream> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(ifMatch ? { IfMatch: ifMatch } : {}) }));
  if (!response.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  return { body: response.Body as Readable, etag: response.ETag };
}
