import { join } from "node:path";
import { createS3Client, deleteOlderVersions, putObject, startLocalS3 } from "@crm-reco/pipeline";
import { expect, it } from "vitest";
import { scratchDir } from "./local-stack";

it("deleting older export versions reports the local S3 server as unversioned (NotImplemented) instead of failing", async () => {
  const s3 = await startLocalS3({ directory: join(scratchDir("privacy-s3"), "s3"), buckets: ["exports"] });
  const client = createS3Client(s3.endpoint);
  try {
    await putObject(client, "exports", "r1/campaign.csv", "a", "text/csv");
    await putObject(client, "exports", "r1/campaign.csv", "b", "text/csv");
    const result = await deleteOlderVersions(client, "exports", "r1/campaign.csv");
    expect(result).toEqual({ deleted: 0, supported: false });
  } finally {
    client.destroy();
    await s3.close();
  }
});
