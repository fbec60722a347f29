import { describe, expect, it } from "vitest";
import { ensureErasureSalt, LOCAL_ERASURE_SALT, resolveErasureSalt } from "./erasure-salt";

describe("erasure salt", () => {
  it("uses the documented local default outside Lambda, and refuses to run without a secret in Lambda", () => {
    expect(resolveErasureSalt({})).toBe(LOCAL_ERASURE_SALT);
    expect(() => resolveErasureSalt({ AWS_LAMBDA_FUNCTION_NAME: "ingest" })).toThrow(/CRM_RECO_ERASURE_SALT/);
  });

  it("reads the salt from the stack's secret at cold start, once", async () => {
    const env: NodeJS.ProcessEnv = { AWS_LAMBDA_FUNCTION_NAME: "ingest", CRM_RECO_ERASURE_SALT_SECRET_ARN: "arn:secret" };
    const reads: string[] = [];
    const readSecret = async (arn: string) => {
      reads.push(arn);
      return " s3cr3t-salt\n";
    };
    await ensureErasureSalt(env, readSecret);
    await ensureErasureSalt(env, readSecret);
    expect(reads).toEqual(["arn:secret"]);
    expect(resolveErasureSalt(env)).toBe("s3cr3t-salt");
  });
});
