import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { awsClientSettings } from "./aws-client-settings";

/**
 * Every S3 client of the platform. Checksums only when required: s3rver stores the aws-chunked framing
 * of a streamed PutObject otherwise (TOOLCHAIN). `AWS_ENDPOINT_URL(_S3)` points it at a local server or LocalStack.
 */
export function createS3Client(endpoint = process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL): S3Client {
  return new S3Client({
    ...awsClientSettings(endpoint, "S3RVER"),
    // s3rver (and LocalStack) serve buckets as paths, not as host names.
    forcePathStyle: endpoint !== undefined,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export async function getObjectBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!response.Body) throw new Error(`s3://${bucket}/${key} has no body`);
  return Buffer.from(await response.Body.transformToByteArray());
}

export async function putObject(s3: S3Client, bucket: string, key: string, body: Buffer | string, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}
