import { awsDatabaseUrlSources } from "../database-url";

/**
 * The salt of erasure tombstones. Locally a documented default keeps the demo working; in AWS (a Lambda
 * environment) it comes from the stack's generated Secrets Manager secret (`CRM_RECO_ERASURE_SALT_SECRET_ARN`,
 * resolved at cold start by `ensureErasureSalt`) — never committed, and never changed once tombstones exist
 * (a new salt would make earlier tombstones unrecognisable).
 */
export const LOCAL_ERASURE_SALT = "crm-reco-local-erasure-salt";

export function resolveErasureSalt(env: NodeJS.ProcessEnv = process.env): string {
  const salt = env.CRM_RECO_ERASURE_SALT?.trim();
  if (salt) return salt;
  if (env.AWS_LAMBDA_FUNCTION_NAME) throw new Error("CRM_RECO_ERASURE_SALT is not set: erasure tombstones need a secret salt in AWS");
  return LOCAL_ERASURE_SALT;
}

/** Sets `CRM_RECO_ERASURE_SALT` from the secret named by `CRM_RECO_ERASURE_SALT_SECRET_ARN` (AWS); no-op locally. */
export async function ensureErasureSalt(
  env: NodeJS.ProcessEnv = process.env,
  readSecret: (secretArn: string) => Promise<string> = awsDatabaseUrlSources().secretString,
): Promise<void> {
  if (env.CRM_RECO_ERASURE_SALT?.trim() || !env.CRM_RECO_ERASURE_SALT_SECRET_ARN) return;
  env.CRM_RECO_ERASURE_SALT = (await readSecret(env.CRM_RECO_ERASURE_SALT_SECRET_ARN)).trim();
}
