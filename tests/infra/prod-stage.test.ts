import { beforeAll, describe, expect, it } from "vitest";
import { type Synthesis, synthesise } from "./synthesise";

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

describe("the prod stage (deploy.yaml stages.prod: removal retain)", () => {
  let synthesis: Synthesis;
  const ofType = (stack: "Storage" | "Database", type: string) =>
    Object.values(synthesis.templates[stack].toJSON().Resources as Record<string, Resource>).filter((r) => r.Type === type);

  beforeAll(async () => {
    synthesis = await synthesise("prod", ["Storage", "Database"]);
  }, 120_000);

  it("keeps both buckets when the stack is removed, and does not empty them", () => {
    const buckets = ofType("Storage", "AWS::S3::Bucket");
    expect(buckets).toHaveLength(2);
    for (const bucket of buckets) expect(bucket.DeletionPolicy).toBe("Retain");
    expect(ofType("Storage", "Custom::S3AutoDeleteObjects")).toHaveLength(0);
  });

  it("keeps a snapshot of the database, protects it from deletion and keeps 14 days of backups", () => {
    const [instance] = ofType("Database", "AWS::RDS::DBInstance");
    expect(instance?.DeletionPolicy).toBe("Snapshot");
    expect(instance?.Properties.DeletionProtection).toBe(true);
    expect(instance?.Properties.BackupRetentionPeriod).toBe(14);
  });
});
