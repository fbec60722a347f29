import { describe, expect, it } from "vitest";
import { type DatabaseUrlSources, databaseUrlFromRdsSecret, ensureDatabaseUrl, resolveDatabaseUrl } from "./database-url";

function sources(values: { secret?: string; parameter?: string }) {
  const calls: string[] = [];
  const stub: DatabaseUrlSources = {
    secretString: async (arn) => {
      calls.push(`secret ${arn}`);
      return values.secret ?? "";
    },
    decryptedParameter: async (name) => {
      calls.push(`parameter ${name}`);
      return values.parameter ?? "";
    },
  };
  return { stub, calls };
}

const rdsSecret = JSON.stringify({
  engine: "postgres",
  username: "crm_reco",
  password: "p@ss:w/rd%",
  host: "db.abc.eu-west-3.rds.amazonaws.com",
  port: 5432,
  dbname: "crm_reco",
});

describe("database URL resolution at cold start", () => {
  it("builds a verify-full URL from the RDS secret, escaping the credentials", () => {
    const url = databaseUrlFromRdsSecret(rdsSecret);
    expect(url).toBe("postgres://crm_reco:p%40ss%3Aw%2Frd%25@db.abc.eu-west-3.rds.amazonaws.com:5432/crm_reco?sslmode=verify-full");
    expect(decodeURIComponent(new URL(url).password)).toBe("p@ss:w/rd%");
    expect(() => databaseUrlFromRdsSecret(JSON.stringify({ username: "u", password: "p" }))).toThrow("database secret has no host");
  });

  it("prefers an explicit DATABASE_URL, then the RDS secret, then the SST secret parameter", async () => {
    const { stub, calls } = sources({ secret: rdsSecret, parameter: "postgres://u:p@external:5432/db\n" });
    expect(await resolveDatabaseUrl({ DATABASE_URL: "postgres://local/db", DATABASE_SECRET_ARN: "arn:s" }, stub)).toBe(
      "postgres://local/db",
    );
    expect(await resolveDatabaseUrl({ DATABASE_SECRET_ARN: "arn:s", DATABASE_URL_PARAMETER: "/p" }, stub)).toMatch(/@db\.abc\./);
    expect(await resolveDatabaseUrl({ DATABASE_URL_PARAMETER: "/sst/crm-reco/prod/Secret/DATABASE_URL/value" }, stub)).toBe(
      "postgres://u:p@external:5432/db",
    );
    expect(await resolveDatabaseUrl({}, stub)).toBeUndefined();
    expect(calls).toEqual(["secret arn:s", "parameter /sst/crm-reco/prod/Secret/DATABASE_URL/value"]);
  });

  it("refuses a parameter that is not a PostgreSQL URL", async () => {
    const { stub } = sources({ parameter: "changeme" });
    await expect(resolveDatabaseUrl({ DATABASE_URL_PARAMETER: "/p" }, stub)).rejects.toThrow("/p does not hold a postgres:// URL");
  });

  it("sets DATABASE_URL once, and leaves a local environment (PGlite) untouched", async () => {
    const { stub, calls } = sources({ secret: rdsSecret });
    const env: NodeJS.ProcessEnv = { DATABASE_SECRET_ARN: "arn:s" };
    await ensureDatabaseUrl(env, stub);
    await ensureDatabaseUrl(env, stub);
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/crm_reco:/);
    expect(calls).toEqual(["secret arn:s"]);
    const local: NodeJS.ProcessEnv = { CRM_RECO_PGLITE_DIR: "/tmp/x" };
    await ensureDatabaseUrl(local, stub);
    expect(local.DATABASE_URL).toBeUndefined();
  });
});
