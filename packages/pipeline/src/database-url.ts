/**
 * In AWS the functions are not given `DATABASE_URL` in clear: they get where to read it (stacks/Database.ts).
 * - `DATABASE_SECRET_ARN`: the RDS secret (JSON: username, password, host, port, dbname) in Secrets Manager;
 * - `DATABASE_URL_PARAMETER`: the SSM SecureString of the SST secret `DATABASE_URL` (external database).
 * Resolved once per cold start, before the stage context reads its environment.
 */
export interface DatabaseUrlSources {
  secretString(secretArn: string): Promise<string>;
  decryptedParameter(name: string): Promise<string>;
}

interface RdsSecret {
  username: string;
  password: string;
  host: string;
  port?: number;
  dbname?: string;
}

/**
 * `sslmode=verify-full`: RDS requires TLS, and its CA is trusted through `NODE_EXTRA_CA_CERTS=/var/runtime/ca-cert.pem`
 * (the Amazon CA bundle shipped in the Lambda Node.js runtime), set on every function in the VPC.
 */
export function databaseUrlFromRdsSecret(secretJson: string): string {
  const secret = JSON.parse(secretJson) as Partial<RdsSecret>;
  for (const field of ["username", "password", "host"] as const)
    if (typeof secret[field] !== "string" || secret[field] === "") throw new Error(`database secret has no ${field}`);
  const user = encodeURIComponent(secret.username!);
  const password = encodeURIComponent(secret.password!);
  const database = encodeURIComponent(secret.dbname ?? "postgres");
  return `postgres://${user}:${password}@${secret.host}:${secret.port ?? 5432}/${database}?sslmode=verify-full`;
}

export async function resolveDatabaseUrl(
  env: NodeJS.ProcessEnv,
  sources: DatabaseUrlSources = awsDatabaseUrlSources(),
): Promise<string | undefined> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (env.DATABASE_SECRET_ARN) return databaseUrlFromRdsSecret(await sources.secretString(env.DATABASE_SECRET_ARN));
  if (env.DATABASE_URL_PARAMETER) {
    const url = (await sources.decryptedParameter(env.DATABASE_URL_PARAMETER)).trim();
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`${env.DATABASE_URL_PARAMETER} does not hold a postgres:// URL`);
    return url;
  }
  return undefined;
}

/** Sets `env.DATABASE_URL` from the secret or parameter when it is not set already (no-op locally). */
export async function ensureDatabaseUrl(env: NodeJS.ProcessEnv = process.env, sources?: DatabaseUrlSources): Promise<void> {
  if (env.DATABASE_URL || (!env.DATABASE_SECRET_ARN && !env.DATABASE_URL_PARAMETER)) return;
  const url = await resolveDatabaseUrl(env, sources);
  if (url) env.DATABASE_URL = url;
}

/** The SDK clients are loaded on first use only: the local stack never needs them. */
export function awsDatabaseUrlSources(): DatabaseUrlSources {
  return {
    async secretString(secretArn) {
      const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
      const response = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
      if (!response.SecretString) throw new Error("database secret has no SecretString");
      return response.SecretString;
    },
    async decryptedParameter(name) {
      const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
      const response = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      if (!response.Parameter?.Value) throw new Error(`parameter ${name} is empty`);
      return response.Parameter.Value;
    },
  };
}
