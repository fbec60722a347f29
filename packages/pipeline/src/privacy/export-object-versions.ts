import { DeleteObjectCommand, ListObjectVersionsCommand, type ListObjectVersionsCommandOutput, type S3Client } from "@aws-sdk/client-s3";

/**
 * Deletes every non-current version (and delete marker) of one object, so a rewritten export leaves no copy
 * of the erased data behind in a versioned bucket (AWS). A store without versioning support (s3rver) answers
 * NotImplemented: there is nothing older to delete, so `supported` is false.
 */
export async function deleteOlderVersions(s3: S3Client, bucket: string, key: string): Promise<{ deleted: number; supported: boolean }> {
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    let page: ListObjectVersionsCommandOutput;
    try {
      page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }),
      );
    } catch (error) {
      if (isUnsupported(error)) return { deleted, supported: false };
      throw error;
    }
    for (const version of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
      if (version.Key !== key || version.IsLatest || !version.VersionId || version.VersionId === "null") continue;
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: version.VersionId }));
      deleted++;
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  return { deleted, supported: true };
}

function isUnsupported(error: unknown): boolean {
  const named = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return (
    named.name === "NotImplemented" ||
    named.Code === "NotImplemented" ||
    named.$metadata?.httpStatusCode === 501 ||
    named.$metadata?.httpStatusCode === 405
  );
}
